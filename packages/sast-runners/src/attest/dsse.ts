import { z } from 'zod';

/** The DSSE payload type of an in-toto Statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** Standard base64 in its one canonical spelling (padding bits zero), so no two texts decode alike. */
const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected standard base64')
  .refine((text) => Buffer.from(text, 'base64').toString('base64') === text, 'expected canonical base64');

/**
 * A DSSE envelope (https://github.com/secure-systems-lab/dsse, envelope.md). Strict: an unknown field
 * is refused, so no byte of an envelope we accept can change without being noticed.
 */
export const dsseEnvelopeSchema = z.strictObject({
  payloadType: z.string().min(1),
  /** The serialised statement, base64. */
  payload: base64,
  signatures: z.array(z.strictObject({ keyid: z.string().optional(), sig: base64.min(1) })).min(1),
});
export type DsseEnvelope = z.infer<typeof dsseEnvelopeSchema>;

/**
 * DSSE's pre-authentication encoding, the bytes that are signed:
 * `DSSEv1 <len(type)> <type> <len(body)> <body>` with byte lengths in ASCII decimal.
 */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  const head = Buffer.from(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `, 'utf8');
  return Buffer.concat([head, payload]);
}
