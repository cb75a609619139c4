import {
  type InvictiScanRegistered,
  type InvictiScanRegistration,
  invictiScanRegisteredSchema,
} from '@scanrelay/api-schema';
import ky from 'ky';
import { ClientError } from './client-error.js';
import type { ClientOptions } from './create-client.js';
import { toClientError } from './to-client-error.js';

/**
 * `POST /api/v1/scans/register` (scope upload): tells the service about a launched Invicti scan, so
 * that it fetches the results itself if no completion webhook arrives. Idempotent on the scan id, so
 * it is retried like a read (429, 5xx, network errors).
 */
export async function registerInvictiScan(
  options: ClientOptions,
  registration: InvictiScanRegistration,
): Promise<InvictiScanRegistered> {
  const url = new URL('api/v1/scans/register', `${options.baseUrl.replace(/\/+$/, '')}/`);
  let res: Response;
  try {
    res = await ky.post(url, {
      json: registration,
      timeout: options.timeoutMs ?? 30_000,
      retry: {
        limit: options.retries ?? 2,
        methods: ['post'],
        statusCodes: [408, 429, 500, 502, 503, 504],
        backoffLimit: 5_000,
      },
      headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
      fetch: options.fetch,
    });
  } catch (err) {
    throw await toClientError(err);
  }
  const parsed = invictiScanRegisteredSchema.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success)
    throw new ClientError('invalid_response', `unexpected answer from ${res.url}: not a registered scan`, {
      status: res.status,
    });
  return parsed.data;
}
