import type { ParseInput } from '../io/parse-input.js';
import { readLines } from '../io/read-lines.js';
import { ParseError } from '../parse-error.js';
import { type BundlerAdvisory, SCANNER } from './bundler-audit-record.js';

/** What the text output says: a vulnerable gem (its `Name:` line) or an insecure source. */
export type BundlerTextItem =
  | { kind: 'advisory'; advisory: BundlerAdvisory; line: number }
  | { kind: 'insecure'; uri: string; line: number };

/** SGR colour codes, written when bundler-audit's output was a terminal. */
const ANSI = /\u001b\[[0-9;]*m/g;
const FIELD = /^(Name|Version|Advisory|CVE|GHSA|Criticality|URL|Title|Solution|Description):[ \t]?(.*)$/;
export const INSECURE = 'Insecure Source URI found: ';

type Fields = Partial<Record<string, string>>;

/**
 * The block's solution as requirements: `upgrade to ~> 1.6.11, >= 2.0.6` (up to 0.8) or
 * `upgrade to '~> 6.1.7, >= 6.1.7.1', '>= 7.0.4.1'` (0.9 quotes each requirement).
 */
function patchedOf(solution: string | undefined): string[] {
  const m = /^\s*upgrade to\s+(.*)$/i.exec(solution ?? '');
  if (!m?.[1]) return [];
  const quoted = [...m[1].matchAll(/'([^']*)'/g)].map((q) => q[1]!.trim());
  const reqs = quoted.length > 0 ? quoted : m[1].split(/,\s*(?=[<>=~])/).map((r) => r.trim());
  return reqs.filter((r) => r !== '');
}

function toAdvisory(f: Fields, line: number): BundlerAdvisory {
  const gem = f.Name?.trim();
  const version = f.Version?.trim();
  if (!gem || !version)
    throw new ParseError(SCANNER, { line }, 'a bundler-audit block with Name: and Version: lines', {
      got: gem ? 'no Version: line' : 'no Name: line',
    });
  const advisory = f.Advisory?.trim();
  const patched = patchedOf(f.Solution);
  return {
    gem,
    version,
    id: advisory || undefined,
    cve: f.CVE ?? (advisory?.toUpperCase().startsWith('CVE-') ? advisory : undefined),
    ghsa: f.GHSA ?? (advisory?.toUpperCase().startsWith('GHSA-') ? advisory : undefined),
    osvdb: advisory?.toUpperCase().startsWith('OSVDB-') ? advisory : undefined,
    criticality: f.Criticality?.trim() || undefined,
    url: f.URL?.trim() || undefined,
    title: f.Title?.trim() || undefined,
    description: f.Description,
    patched,
    solution: patched.length === 0 ? f.Solution : undefined,
  };
}

/**
 * Reads `bundle-audit check` text output (0.5–0.9): blocks of `Key: value` lines per vulnerable gem
 * (`Advisory:` up to 0.6, `CVE:`/`GHSA:` since 0.7, an indented `Description:` with --verbose),
 * `Insecure Source URI found: …` lines, and status lines that are not findings.
 */
export async function* readBundlerText(input: ParseInput): AsyncGenerator<BundlerTextItem> {
  let fields: Fields | undefined;
  let start = 0;
  let last: string | undefined;
  for await (const { line: raw, number } of readLines(input)) {
    const line = raw.includes('\u001b') ? raw.replace(ANSI, '') : raw;
    const m = FIELD.exec(line);
    if (m) {
      const [, name, value] = m as unknown as [string, string, string];
      if (name === 'Name' && fields) {
        yield { kind: 'advisory', advisory: toAdvisory(fields, start), line: start };
        fields = undefined;
      }
      if (!fields) {
        fields = {};
        start = number;
      }
      fields[name] = value;
      last = name;
      continue;
    }
    if (fields && last === 'Description' && line.trim() !== '') {
      fields.Description = `${fields.Description ?? ''}\n${line.trim()}`.trim();
      continue;
    }
    if (fields && line.trim() === '') {
      if (last === 'Description') continue;
      yield { kind: 'advisory', advisory: toAdvisory(fields, start), line: start };
      fields = undefined;
      continue;
    }
    if (line.startsWith(INSECURE)) yield { kind: 'insecure', uri: line.slice(INSECURE.length), line: number };
  }
  if (fields) yield { kind: 'advisory', advisory: toAdvisory(fields, start), line: start };
}
