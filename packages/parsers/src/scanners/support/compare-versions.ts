/**
 * A loose version order for choosing among fixed versions: numeric parts compare as numbers, other
 * parts as text, a leading `v` is ignored. Not an ecosystem-exact order (no semver pre-release or
 * Debian epoch rules), which is enough to pick "the first fix above the installed version".
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/i, '').split(/[.\-+_:~]/);
  const pb = b.replace(/^v/i, '').split(/[.\-+_:~]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    if (x === '') return -1;
    if (y === '') return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : Number.NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : Number.NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** The lowest of `fixed` above `installed`, else the highest fixed version (or undefined). */
export function nextFixedVersion(
  installed: string | undefined,
  fixed: readonly string[],
): string | undefined {
  const sorted = [...new Set(fixed)].sort(compareVersions);
  if (!installed) return sorted[0];
  return sorted.find((v) => compareVersions(v, installed) > 0) ?? sorted.at(-1);
}
