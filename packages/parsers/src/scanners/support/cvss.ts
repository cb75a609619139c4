import type { Cvss } from '@scanrelay/findings-schema';

const WEIGHTS: Record<string, Record<string, number>> = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
};

/** CVSS 3.1 "Roundup": the smallest number with one decimal that is >= the input. */
function roundUp(x: number): number {
  const i = Math.round(x * 100_000);
  return i % 10_000 === 0 ? i / 100_000 : (Math.floor(i / 10_000) + 1) / 10;
}

/**
 * The base score of a CVSS 3.0/3.1 vector (`CVSS:3.1/AV:N/AC:L/...`), or undefined for another
 * version or a malformed vector. Follows the FIRST specification's formulas.
 */
export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split('/');
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? '')) return undefined;
  const m = new Map<string, string>();
  for (const p of parts.slice(1)) {
    const [k, v] = p.split(':');
    if (k && v) m.set(k, v);
  }
  const scope = m.get('S');
  const w = (k: string): number | undefined => WEIGHTS[k]?.[m.get(k) ?? ''];
  const pr = m.get('PR');
  const prW =
    pr === 'N'
      ? 0.85
      : pr === 'L'
        ? scope === 'C'
          ? 0.68
          : 0.62
        : pr === 'H'
          ? scope === 'C'
            ? 0.5
            : 0.27
          : undefined;
  const [av, ac, ui, c, i, a] = [w('AV'), w('AC'), w('UI'), w('C'), w('I'), w('A')];
  if (
    av === undefined ||
    ac === undefined ||
    ui === undefined ||
    c === undefined ||
    i === undefined ||
    a === undefined
  )
    return undefined;
  if (prW === undefined || (scope !== 'U' && scope !== 'C')) return undefined;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  const exploitability = 8.22 * av * ac * prW * ui;
  if (impact <= 0) return 0;
  return scope === 'U'
    ? roundUp(Math.min(impact + exploitability, 10))
    : roundUp(Math.min(1.08 * (impact + exploitability), 10));
}

const VERSION_PREFIX = /^CVSS:(\d+\.\d+)\//;
let lastVector = '';
let lastVersion: string | undefined;

/**
 * The version written in a vector's prefix (`CVSS:3.1/…` → `3.1`, `CVSS:4.0/…` → `4.0`). The last
 * answer is remembered: the findings of a report mostly repeat a few vectors.
 */
function cvssVersionOf(vector: string): string | undefined {
  if (vector !== lastVector) {
    lastVersion = VERSION_PREFIX.exec(vector.trim())?.[1];
    lastVector = vector;
  }
  return lastVersion;
}

/** A Cvss value from a vector and/or a score; a 3.x vector without score gets its computed base score. */
export function cvssOf(vector: unknown, score?: unknown, version?: unknown): Cvss | undefined {
  const v = typeof vector === 'string' && vector.trim() !== '' ? vector.trim() : undefined;
  let s =
    typeof score === 'number'
      ? score
      : typeof score === 'string' && score.trim() !== ''
        ? Number(score)
        : undefined;
  if (s !== undefined && (!Number.isFinite(s) || s < 0 || s > 10)) s = undefined;
  if (s === undefined && v) s = cvss3BaseScore(v);
  if (!v && s === undefined) return undefined;
  const ver = typeof version === 'string' && version !== '' ? version : v ? cvssVersionOf(v) : undefined;
  const out: Cvss = {};
  if (ver) out.version = ver;
  if (v) out.vector = v;
  if (s !== undefined) out.score = s;
  return out;
}
