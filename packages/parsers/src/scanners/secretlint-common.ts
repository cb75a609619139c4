import { redactSecret, type SecretInfo, type Severity } from '@scanrelay/findings-schema';
import { describeValue } from '../parse-error.js';
import type { ParseOptions } from '../scanner-parser.js';
import { redactLine } from './support/redact-line.js';

/** secretlint's `--maskSecrets` (and DefectDojo's samples) write secrets as asterisks. */
const MASKED = /^\*+$/;

const SEPARATORS = [' ', '\t', '=', ':', '"', "'"];

/**
 * Some rules' ranges cover a whole assignment (`aws_secret_access_key = <key>`): the secret is what
 * follows the last separator, keeping base64 padding (`=` at the end).
 */
function valueOfAssignment(text: string): string {
  let stop = text.length;
  while (stop > 0 && (text[stop - 1] === '"' || text[stop - 1] === "'")) stop--;
  let end = stop;
  while (end > 0 && text[end - 1] === '=') end--;
  let cut = -1;
  for (const sep of SEPARATORS) cut = Math.max(cut, text.lastIndexOf(sep, end - 1));
  return cut >= 0 && stop - cut - 1 >= 8 ? text.slice(cut + 1, stop) : text;
}

/** The secret itself, when the report holds it unmasked; never stored, only hashed and redacted. */
export function secretValue(
  sourceContent: unknown,
  range: unknown,
  data: unknown,
  message: string | undefined,
): string | undefined {
  if (
    typeof sourceContent === 'string' &&
    Array.isArray(range) &&
    Number.isInteger(range[0]) &&
    Number.isInteger(range[1]) &&
    range[0] >= 0 &&
    range[1] > range[0] &&
    range[1] <= sourceContent.length
  ) {
    const v = valueOfAssignment(sourceContent.slice(range[0], range[1]).trim());
    if (v !== '') return v;
  }
  // Rules pass the secret to their message template as data; the longest unmasked value quoted in
  // the message is the secret (typeName and the like are short labels).
  let best: string | undefined;
  if (data && typeof data === 'object')
    for (const v of Object.values(data))
      if (
        typeof v === 'string' &&
        v.length >= 8 &&
        !MASKED.test(v) &&
        message?.includes(v) &&
        v.length > (best?.length ?? 0)
      )
        best = v;
  return best;
}

/** The part of a SARIF message after its last ": " (secretlint's messages end "…: <secret>"). */
export function secretFromSarifMessage(message: string | undefined): string | undefined {
  const at = message?.lastIndexOf(': ') ?? -1;
  const tail = at >= 0 ? message!.slice(at + 2).trim() : '';
  return tail.length >= 8 && !/\s/.test(tail) && !MASKED.test(tail) ? tail : undefined;
}

/**
 * The message as it may be stored: the secret replaced by its redacted form, any other data value
 * the rule quoted masked, and long random-looking tokens cut (redactLine).
 */
export function safeMessage(
  message: string,
  secret: string | undefined,
  info: SecretInfo | undefined,
  data: unknown,
): string {
  let out = message;
  if (data && typeof data === 'object')
    for (const v of Object.values(data))
      if (
        typeof v === 'string' &&
        v.length >= 8 &&
        v !== secret &&
        !MASKED.test(v) &&
        !/\s/.test(v) &&
        out.includes(v)
      )
        out = out.split(v).join(redactSecret(v).redacted);
  return redactLine(out, secret, info?.redacted ?? '****');
}

export const SECRETLINT_TOOL = { id: 'secretlint', name: 'secretlint' } as const;
export const SECRETLINT_MITIGATION =
  'Revoke and rotate the secret, remove it from the code and its history, and load it from a secret store.';
/** secretlint's three levels; a leaked credential with an unknown level is treated as an error. */
const LEVELS: Readonly<Record<string, Severity>> = {
  error: 'high',
  warning: 'medium',
  info: 'info',
  note: 'info',
};
export const RULE_PREFIX = /^@secretlint\/secretlint-rule-/;

/** `aws/AWSSecretAccessKey` from `@secretlint/secretlint-rule-aws` and messageId `AWSSecretAccessKey`. */
export function secretlintRuleId(rule: string, messageId: string | undefined): string {
  const short = rule.replace(RULE_PREFIX, '');
  return messageId ? `${short}/${messageId}` : short;
}

export function secretlintSeverity(level: unknown, at: string, options: ParseOptions | undefined): Severity {
  const sev = typeof level === 'string' ? LEVELS[level.toLowerCase()] : undefined;
  if (sev) return sev;
  options?.onWarning?.(`secretlint: ${at}: unknown severity (${describeValue(level)}); using high`);
  return 'high';
}
