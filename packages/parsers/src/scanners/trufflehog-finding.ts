import {
  adoptSourceSecretDraft,
  type Finding,
  redactSecret,
  type SecretInfo,
  type SourceSecretDraft,
} from '@scanrelay/findings-schema';
import { nonEmptyString, positiveIntegerLike, putString } from './support/field-readers.js';
import { isRecord } from './support/parse-with.js';
import { redactLine } from './support/redact-line.js';
import { toFinding } from './support/to-finding.js';

type Rec = Record<string, unknown>;

const SCANNER = 'trufflehog';
const TOOL = { id: SCANNER, name: 'TruffleHog' } as const;
export const CWE_HARDCODED_CREDENTIALS = 'CWE-798';
export const SECRET_MITIGATION =
  'Revoke and rotate the secret, remove it from the code and its history, and load it from a secret store.';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const B64 = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++)
  B64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;

function isPrintable(b: number): boolean {
  return (b >= 0x20 && b <= 0x7e) || b === 0x0a || b === 0x0d || b === 0x09;
}

/** Whether the first 3 bytes that the first 4 base64 characters of `raw` decode to are printable. */
function printable3(raw: string): boolean {
  const a = B64[raw.charCodeAt(0)]!;
  const b = B64[raw.charCodeAt(1)]!;
  const c = B64[raw.charCodeAt(2)]!;
  const d = B64[raw.charCodeAt(3)]!;
  return (
    isPrintable((a << 2) | (b >> 4)) &&
    isPrintable(((b & 15) << 4) | (c >> 2)) &&
    isPrintable(((c & 3) << 6) | d)
  );
}

/**
 * Older trufflehog v3 releases write `Raw` as Go `[]byte`, i.e. base64. A value that is canonical
 * base64 of printable ASCII is taken as that encoding and decoded; anything else is used as it is.
 */
export function goBytes(raw: string): string {
  if (raw.length < 8 || raw.length % 4 !== 0 || !BASE64.test(raw)) return raw;
  // Most values are not base64 of text: their first three bytes already say so, without decoding all.
  if (!printable3(raw)) return raw;
  const bytes = Buffer.from(raw, 'base64');
  for (const b of bytes) if ((b < 0x20 || b > 0x7e) && b !== 0x0a && b !== 0x0d && b !== 0x09) return raw;
  return bytes.toString('base64') === raw ? bytes.toString('latin1') : raw;
}

/** Adds a raw secret and its decoded form to `secrets` (each once); returns the decoded form. */
function addSecret(secrets: string[], raw: string): string {
  const decoded = goBytes(raw);
  if (!secrets.includes(raw)) secrets.push(raw);
  if (!secrets.includes(decoded)) secrets.push(decoded);
  return decoded;
}

/** `Redacted` is kept only when it is not (part of) the secret: trufflehog often puts the whole key id there. */
function safeRedacted(redacted: string | undefined, secrets: string[]): string | undefined {
  if (!redacted) return undefined;
  for (const s of secrets) if (s.includes(redacted) || redacted.includes(s)) return undefined;
  return redacted;
}

/** Replaces every form of the secret by its redacted form, then masks any other token-like run. */
function mask(s: string, secrets: string[], redacted: string): string {
  let out = s;
  for (const x of secrets) if (out.includes(x)) out = out.split(x).join(redacted);
  return redactLine(out, undefined, '');
}

/**
 * The last string read per field. A report repeats its source name, repository, commit, timestamp and
 * detector description line after line: a finding then keeps the copy the previous one kept, and the
 * merge window holds one copy rather than one per finding (the new copy dies young). Same values.
 */
const lastSeen = ['', '', '', '', '', '', ''];
const SOURCE_NAME = 0;
const COMMIT = 1;
const REPOSITORY = 2;
const TIMESTAMP = 3;
const DESCRIPTION = 4;
const DECODER = 5;
const DETECTOR = 6;
function recent(field: number, v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const last = lastSeen[field]!;
  if (v === last) return last;
  lastSeen[field] = v;
  return v;
}

/** The last value per `ExtraData` key, kept for the same reason (an account id, a resource type). */
const lastExtra = new Map<string, string>();
function recentExtra(k: string, v: string): string {
  const last = lastExtra.get(k);
  if (v === last) return last;
  // Bounded: the keys are a detector's few, but a report could make up any number.
  if (lastExtra.size >= 1000) lastExtra.clear();
  lastExtra.set(k, v);
  return v;
}

/** The finding a v3 line gives, as `v3Draft` builds it (the shape `adoptSourceSecretDraft` takes as it is). */
export type V3Draft = ReturnType<typeof emptyV3Draft>;

/** One trufflehog v3 result line (it has `DetectorName`). `Raw` and `RawV2` are hashed, never kept. */
export function v3Finding(r: Rec, line: number): Finding {
  const draft = v3Draft(r);
  return adoptV3(draft) ?? toFinding(SCANNER, { line }, draft);
}

/**
 * `draft` made the finding as it is (see `adoptSourceSecretDraft`), or undefined, changing nothing, when it must
 * take the copying path: a NUL (which toFinding replaces) or a value the model refuses (which toFinding reports).
 */
export function adoptV3(draft: V3Draft): Finding | undefined {
  return hasNul(draft.name) || hasNul(draft.description) ? undefined : adoptSourceSecretDraft(draft);
}

/** The draft of one v3 result line, already in the shape the model's parse gives. */
export function v3Draft(r: Rec): V3Draft {
  return fillV3Draft(emptyV3Draft(), r);
}

/**
 * A v3 draft with placeholder values, built as one literal in the shape the model's parse gives (keys in schema
 * order, defaults present, id and fingerprint as placeholders): filled, it is adopted as it is, no validated copy.
 */
export function emptyV3Draft() {
  return {
    tool: { id: SCANNER, name: 'TruffleHog' },
    ruleId: 'unknown',
    name: 'unknown secret',
    description: undefined as string | undefined,
    severity: 'high' as 'critical' | 'high',
    category: 'Secrets',
    location: { kind: 'source' as const, file: 'unknown', startLine: undefined as number | undefined },
    cwe: [CWE_HARDCODED_CREDENTIALS],
    cve: [] as string[],
    references: [] as string[],
    mitigation: SECRET_MITIGATION,
    occurrences: 1,
    secret: undefined as SecretInfo | undefined,
    attributes: {} as Rec,
    id: '',
    fingerprint: '',
  } satisfies SourceSecretDraft;
}

/**
 * Sets the values line `r` gives in `draft` (made by `emptyV3Draft`; the merge window fills one draft again
 * and again, so that a line costs no draft objects) and returns it. Its keys and their order do not change.
 */
export function fillV3Draft(draft: V3Draft, r: Rec): V3Draft {
  const data = isRecord(r.SourceMetadata) && isRecord(r.SourceMetadata.Data) ? r.SourceMetadata.Data : {};
  let sourceKind: string | undefined;
  for (const k in data) {
    sourceKind = k;
    break;
  }
  const source = sourceKind && isRecord(data[sourceKind]) ? (data[sourceKind] as Rec) : {};
  // A new array per line: emptying a shared one (`length = 0`) goes through the runtime, a slower path.
  const secrets: string[] = [];
  const rawV2 = nonEmptyString(r.RawV2);
  const raw = nonEmptyString(r.Raw);
  let value = rawV2 === undefined ? undefined : addSecret(secrets, rawV2);
  if (raw !== undefined) {
    const decoded = addSecret(secrets, raw);
    value ??= decoded;
  }
  const secret = value ? redactSecret(value) : undefined;
  const redactedForm = secret?.redacted ?? '****';
  const file =
    nonEmptyString(source.file) ??
    nonEmptyString(source.path) ??
    nonEmptyString(source.filename) ??
    nonEmptyString(source.link) ??
    // Docker images scanned by releases before 3.63 name no file: the image stands for it.
    nonEmptyString(source.image) ??
    nonEmptyString(r.SourceName) ??
    'unknown';
  // A number in every source that has it; a string where a pipeline re-encoded the protobuf as JSON.
  const lineNumber = positiveIntegerLike(source.line);
  const verified = r.Verified === true;
  const attributes: Rec = { verified };
  putString(attributes, 'decoder', recent(DECODER, r.DecoderName));
  if (typeof r.DetectorType === 'number') attributes.detectorType = r.DetectorType;
  putString(attributes, 'sourceName', recent(SOURCE_NAME, r.SourceName));
  putString(attributes, 'sourceKind', sourceKind);
  putString(attributes, 'commit', recent(COMMIT, source.commit));
  putString(attributes, 'repository', recent(REPOSITORY, source.repository));
  putString(attributes, 'link', source.link);
  putString(attributes, 'timestamp', recent(TIMESTAMP, source.timestamp));
  if (nonEmptyString(r.VerificationError))
    attributes.verificationError = mask(r.VerificationError as string, secrets, redactedForm);
  putString(attributes, 'redacted', safeRedacted(nonEmptyString(r.Redacted), secrets));
  if (isRecord(r.ExtraData)) {
    const extra: Rec = {};
    let any = false;
    for (const k in r.ExtraData) {
      const v = r.ExtraData[k];
      if (typeof v !== 'string') continue;
      extra[k] = recentExtra(k, mask(v, secrets, redactedForm));
      any = true;
    }
    if (any) attributes.extraData = extra;
  }
  const detector = nonEmptyString(recent(DETECTOR, r.DetectorName)) ?? 'unknown';
  const description = nonEmptyString(recent(DESCRIPTION, r.DetectorDescription));
  const name = secretName(detector, verified);
  draft.ruleId = detector;
  draft.name = name;
  draft.description = description;
  draft.severity = verified ? 'critical' : 'high';
  draft.location.file = file;
  draft.location.startLine = lineNumber;
  draft.occurrences = 1;
  draft.secret = secret;
  draft.attributes = attributes;
  draft.id = '';
  draft.fingerprint = '';
  return draft;
}

function hasNul(s: string | undefined): boolean {
  return s?.includes('\u0000') === true;
}

/** `<detector> secret` and `<detector> secret (verified)`, made once per detector (strings are immutable). */
const names = new Map<string, [string, string]>();
function secretName(detector: string, verified: boolean): string {
  let pair = names.get(detector);
  if (!pair) {
    pair = [`${detector} secret`, `${detector} secret (verified)`];
    // Bounded: detector names are a short list, but a report could make up any number.
    if (names.size >= 1000) names.clear();
    names.set(detector, pair);
  }
  return verified ? pair[1] : pair[0];
}

/**
 * One trufflehog v2 result (`reason`, `path`, `stringsFound`). It has no line and no isolated
 * secret (`stringsFound`, `diff` and `printDiff` hold it in clear and are never kept), so its identity
 * is reason + file, and repeats across commits merge into one finding, as in DefectDojo.
 */
export function v2Finding(r: Rec, line: number): Finding {
  const reason = nonEmptyString(r.reason) ?? 'secret';
  return toFinding(
    SCANNER,
    { line },
    {
      tool: TOOL,
      ruleId:
        reason
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'secret',
      name: reason,
      severity: 'high',
      category: 'Secrets',
      location: { kind: 'source', file: nonEmptyString(r.path) ?? 'unknown' },
      cwe: [CWE_HARDCODED_CREDENTIALS],
      mitigation: SECRET_MITIGATION,
      attributes: {
        format: 'v2',
        stringsFound: Array.isArray(r.stringsFound) ? r.stringsFound.length : 0,
        commits: nonEmptyString(r.commitHash) ? [r.commitHash] : [],
        ...(nonEmptyString(r.branch) ? { branch: r.branch } : {}),
        ...(nonEmptyString(r.date) ? { date: r.date } : {}),
      },
    },
  );
}
