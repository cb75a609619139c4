import path from 'node:path';
import { createFinding, type Finding } from '@scanrelay/findings-schema';

/** `file` relative to the checkout, `/`-separated, without `./`; undefined when already so. */
function relativeTo(dir: string, file: string): string | undefined {
  let rel = file;
  if (path.isAbsolute(file)) {
    rel = path.relative(dir, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  }
  rel = rel.split(path.sep).join('/');
  while (rel.startsWith('./')) rel = rel.slice(2);
  return rel === file || rel === '' ? undefined : rel;
}

/**
 * Findings whose source files are named relative to the checkout (tools print absolute or `./`
 * paths), so neither the temporary checkout folder nor its name reaches a result. A changed finding
 * is rebuilt: its fingerprint must not depend on where the checkout was.
 */
export function relativeFindings(dir: string, findings: Finding[]): Finding[] {
  return findings.map((f) => {
    if (f.location?.kind !== 'source') return f;
    const file = relativeTo(dir, f.location.file);
    if (file === undefined) return f;
    const { id: _id, fingerprint: _fp, ...draft } = f;
    return createFinding({ ...draft, location: { ...f.location, file } });
  });
}
