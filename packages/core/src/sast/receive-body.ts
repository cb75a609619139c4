import { createHash } from 'node:crypto';
import {
  type DsseEnvelope,
  dsseEnvelopeSchema,
  type SastResult,
  sastResultSchema,
} from '@scanrelay/sast-runners';
import { CoreError } from '../core-error.js';

/** A scan-results body: the runners' result, with its DSSE attestation when it was signed. */
export const scanResultBodySchema = sastResultSchema
  .extend({ attestation: dsseEnvelopeSchema.optional() })
  .superRefine((body, ctx) => {
    if (body.status === 'completed' && body.commitSha === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['commitSha'],
        message: 'a completed scan must name the commit it scanned (40 lowercase hex digits)',
      });
  });

/** A scan-results body that passed its schema. */
export interface ReceivedBody {
  result: SastResult;
  attestation?: DsseEnvelope;
  /**
   * The findings exactly as they came (before zod's defaults): what is stored for audit and what an
   * attestation's findings digest is computed over.
   */
  rawFindings: unknown[];
  /** Hex SHA-256 of the raw body. */
  digest: string;
}

const invalid = (detail: string) => new CoreError('invalid_input', `the scan result is invalid: ${detail}`);

/** Parses a scan-results body; throws CoreError `invalid_input` naming the first field that failed. */
export function parseScanResultBody(body: Uint8Array): ReceivedBody {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw invalid('the body is not UTF-8 JSON');
  }
  const parsed = scanResultBodySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join('.') || '(body)';
    throw invalid(`${path}: ${issue?.message ?? 'invalid'}`);
  }
  const { attestation, ...result } = parsed.data;
  // The schema checked that `findings` is an array; the raw one keeps the sender's exact values.
  const rawFindings = (json as { findings: unknown[] }).findings;
  const digest = createHash('sha256').update(body).digest('hex');
  return attestation === undefined
    ? { result, rawFindings, digest }
    : { result, attestation, rawFindings, digest };
}
