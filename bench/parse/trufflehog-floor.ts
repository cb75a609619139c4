/**
 * The floor of any trufflehog parse: only the work the findings model requires of every v3 result line,
 * with nothing a parser adds (no value checks, no merge window, no warnings). Per line: read and
 * `JSON.parse` it (the baseline's own work), then for a result line the secret's form (`redactSecret`:
 * its SHA-256 and redacted text), the fingerprint (`fingerprint`: a second SHA-256, over the first), a
 * random id and one finding object of the model's shape. The object holds fewer members than a real
 * finding (no description, references or confidence), so this floor is lower than the true one: a
 * parse cannot be faster than it, and the ratio printed beside the parse is the best any parse could
 * reach on the same machine.
 */
import { randomUUID } from 'node:crypto';
import { type FindingDraft, fingerprint, redactSecret } from '@scanrelay/findings-schema';
import { ParseInput, readLines } from '@scanrelay/parsers';

type Rec = Record<string, unknown>;
const TOOL = { name: 'trufflehog', id: 'trufflehog' } as const;

const record = (v: unknown): Rec => (v !== null && typeof v === 'object' ? (v as Rec) : {});

/** The floor's findings: counted, and the last kept so that nothing is optimised away. */
export async function trufflehogFloor(file: string): Promise<{ findings: number; last: unknown }> {
  let findings = 0;
  let last: unknown;
  for await (const { line } of readLines(new ParseInput({ path: file }))) {
    if (line === '') continue;
    const value = record(JSON.parse(line));
    if (typeof value.DetectorName !== 'string') continue;
    const git = record(record(record(value.SourceMetadata).Data).Git);
    const secret = redactSecret(String(value.RawV2 || value.Raw || ''));
    const draft = {
      tool: TOOL,
      ruleId: value.DetectorName,
      name: `${value.DetectorName} secret`,
      category: 'Secrets',
      severity: value.Verified === true ? 'critical' : 'high',
      location: { kind: 'source', file: String(git.file ?? ''), startLine: Number(git.line) || undefined },
      secret,
      attributes: {
        sourceName: value.SourceName,
        repository: git.repository,
        commit: git.commit,
        email: git.email,
        timestamp: git.timestamp,
        decoder: value.DecoderName,
        verified: value.Verified,
      },
    } as FindingDraft;
    last = { id: randomUUID(), fingerprint: fingerprint(draft), ...draft, occurrences: 1 };
    findings++;
  }
  return { findings, last };
}
