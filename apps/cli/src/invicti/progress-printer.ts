import type { WaitProgress } from '@scanrelay/invicti-client';
import { formatDuration } from './duration.js';

/**
 * Shows a blocking wait on stderr: one line rewritten in place on a terminal, plain lines (when the
 * state or the progress decile changes) in CI logs.
 */
export function createProgressPrinter(stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr) {
  const tty = stream.isTTY === true;
  let last = '';
  let shown = false;
  return {
    update(p: WaitProgress): void {
      const unknown = p.kind === 'unknown' ? ' (a state scanrelay does not know; still waiting)' : '';
      const pct = (step: number) =>
        p.percentage !== undefined && p.kind === 'running'
          ? ` ${Math.floor(p.percentage / step) * step}%`
          : '';
      const head = `scanrelay: Invicti scan ${p.scanId}: ${p.state}`;
      if (tty) {
        stream.write(`\r\x1b[2K${head}${pct(1)}${unknown} · ${formatDuration(p.elapsedMs)}`);
        shown = true;
        return;
      }
      const line = `${head}${pct(10)}${unknown}`;
      if (line !== last) stream.write(`${line} after ${formatDuration(p.elapsedMs)}\n`);
      last = line;
    },
    /** Ends the in-place line so later messages start on their own line. */
    end(): void {
      if (tty && shown) stream.write('\n');
      shown = false;
    },
  };
}
