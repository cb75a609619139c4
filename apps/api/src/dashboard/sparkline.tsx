import type { SparkPoint } from '@scanrelay/core';

const WIDTH = 120;
const HEIGHT = 28;
const PAD = 2;

/**
 * The `points` attribute of a polyline through `values`, scaled to the box (oldest on the left, the
 * largest value at the top); one value draws a flat line.
 */
export function sparklinePoints(input: readonly number[], width = WIDTH, height = HEIGHT): string {
  if (input.length === 0) return '';
  const values = input.length === 1 ? [input[0] ?? 0, input[0] ?? 0] : input;
  const max = Math.max(1, ...values);
  const step = (width - 2 * PAD) / (values.length - 1);
  return values
    .map((v, i) => {
      const x = PAD + i * step;
      const y = height - PAD - (v / max) * (height - 2 * PAD);
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * An inline SVG sparkline of the findings counted by a project's last completed scans (no script):
 * the image has a text alternative naming the first and last values.
 */
export function Sparkline({ points, label }: { points: readonly SparkPoint[]; label: string }) {
  if (points.length === 0) return <span class="muted">No completed scan</span>;
  const values = points.map((p) => p.value);
  const first = values[0];
  const last = values[values.length - 1];
  const alt = `${label}: ${points.length} completed scans, from ${first} to ${last} findings`;
  return (
    <svg
      class="sparkline"
      role="img"
      aria-label={alt}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
    >
      <title>{alt}</title>
      <polyline points={sparklinePoints(values)} />
    </svg>
  );
}
