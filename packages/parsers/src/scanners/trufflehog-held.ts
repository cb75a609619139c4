import type { Finding } from '@scanrelay/findings-schema';
import { toFinding } from './support/to-finding.js';
import {
  adoptV3,
  CWE_HARDCODED_CREDENTIALS,
  emptyV3Draft,
  fillV3Draft,
  SECRET_MITIGATION,
  v3Draft,
} from './trufflehog-finding.js';

type Rec = Record<string, unknown>;

/**
 * A v3 finding while the merge window holds it: one object with the values that differ between findings,
 * instead of the finding's eight (finding, tool, location, three lists, secret). The window holds a
 * thousand findings across several scavenges, so each object it holds is copied and promoted; the
 * finding itself is built when it leaves the window (`release`), young garbage again.
 */
export class HeldV3 {
  constructor(
    readonly ruleId: string,
    readonly name: string,
    readonly description: string | undefined,
    readonly severity: 'critical' | 'high',
    readonly file: string,
    readonly startLine: number | undefined,
    readonly redacted: string | undefined,
    readonly sha256: string | undefined,
    readonly attributes: Rec,
    public occurrences: number,
    readonly id: string,
    readonly fingerprint: string,
  ) {}
}

/** The draft the merge window fills for each line: a `HeldV3` takes its values, the finding is built at release. */
const scratch = emptyV3Draft();

/**
 * One v3 result line for the merge window: a `HeldV3` when its draft is adopted as it is (the common case),
 * else the finding the copying path gives (a NUL replaced) or its ParseError, as `v3Finding` does. The draft
 * is `scratch`, adopted only for its id and fingerprint (the checks and identity `v3Finding`'s adoption gives):
 * no draft objects per line. The copying path reads the line again into a draft of its own.
 */
export function v3Held(r: Rec, line: number): HeldV3 | Finding {
  const draft = fillV3Draft(scratch, r);
  if (adoptV3(draft) === undefined) return toFinding('trufflehog', { line }, v3Draft(r));
  const l = draft.location;
  const s = draft.secret;
  return new HeldV3(
    draft.ruleId,
    draft.name,
    draft.description,
    draft.severity,
    l.file,
    l.startLine,
    s?.redacted,
    s?.sha256,
    draft.attributes,
    draft.occurrences,
    draft.id,
    draft.fingerprint,
  );
}

/** The finding `v3Finding` gives for the line a `HeldV3` was made from: the same keys, in the same order. */
export function release(h: HeldV3 | Finding): Finding {
  if (!(h instanceof HeldV3)) return h;
  return {
    tool: { id: 'trufflehog', name: 'TruffleHog' },
    ruleId: h.ruleId,
    name: h.name,
    description: h.description,
    severity: h.severity,
    category: 'Secrets',
    location: { kind: 'source', file: h.file, startLine: h.startLine },
    cwe: [CWE_HARDCODED_CREDENTIALS],
    cve: [],
    references: [],
    mitigation: SECRET_MITIGATION,
    occurrences: h.occurrences,
    secret: h.sha256 === undefined ? undefined : { redacted: h.redacted as string, sha256: h.sha256 },
    attributes: h.attributes,
    id: h.id,
    fingerprint: h.fingerprint,
  };
}
