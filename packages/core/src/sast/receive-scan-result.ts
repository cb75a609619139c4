import type { ScanResultAccepted } from '@scanrelay/api-schema';
import { isAttestationError, type SastResult, verifyAttestation } from '@scanrelay/sast-runners';
import type { StoredScan } from '@scanrelay/storage/types';
import { CoreError } from '../core-error.js';
import { attestationPublicKeys } from './attestation-keys.js';
import { effectiveScanStatus } from './effective-status.js';
import { parseScanResultBody, type ReceivedBody } from './receive-body.js';
import {
  bodyDeliveryKey,
  REPLAYED_DETAIL,
  type ResultHeaders,
  scanResultDeliveries,
  verifyResultSignature,
} from './receive-signature.js';
import { recordScanResult } from './record-scan-result.js';
import type { SastDeps } from './sast-types.js';

/** How long a body-signed delivery is remembered: it has no timestamp to go stale by. */
const BODY_DELIVERY_TTL_MS = 365 * 24 * 60 * 60 * 1000;

/** The dispatched scan a result answers, or why it answers none. */
async function locateScan(deps: SastDeps, result: SastResult): Promise<StoredScan> {
  const scan = await deps.store.scans.locate(result.scanId);
  if (scan?.kind !== 'sast') throw new CoreError('not_found', `no scan ${result.scanId} was dispatched`);
  const differs = [
    scan.project !== result.project && `project "${scan.project}", not "${result.project}"`,
    scan.provider !== result.provider && `provider "${scan.provider}", not "${result.provider}"`,
    scan.target !== result.repoUrl && `repository ${scan.target ?? '(none)'}, not ${result.repoUrl}`,
  ].filter((d): d is string => typeof d === 'string');
  if (differs.length > 0)
    throw new CoreError(
      'conflict',
      `scan ${scan.id} was dispatched for ${differs.join(', ')}; nothing was recorded`,
    );
  return scan;
}

/** The key id that verifies the body's attestation; undefined when it has none (and none is required). */
function checkAttestation(deps: SastDeps, body: ReceivedBody): string | undefined {
  const { attestation } = body;
  if (attestation === undefined) {
    if (deps.config.requireAttestation)
      throw new CoreError(
        'unauthorized',
        'the result carries no attestation and sast.requireAttestation is on',
      );
    return undefined;
  }
  const keys = attestationPublicKeys(deps.config);
  if (keys.length === 0)
    throw new CoreError(
      'unauthorized',
      'the attestation does not verify: no attestation keys are configured (sast.attestationKeys)',
    );
  // The findings as sent: the attested digest is over the sender's bytes, not zod's output.
  const result = { ...body.result, findings: body.rawFindings as SastResult['findings'] };
  const reasons: string[] = [];
  for (const { key } of keys) {
    try {
      return verifyAttestation(attestation, key, { result }).keyId;
    } catch (err) {
      if (!isAttestationError(err)) throw err;
      reasons.push(err.detail);
    }
  }
  throw new CoreError('unauthorized', `the attestation does not verify: ${reasons.join('; ')}`);
}

/**
 * `POST /api/v1/webhooks/scan-results`: a runner's signed result for a dispatched scan.
 *
 * The signature over the raw bytes comes first (`verifyResultSignature`: CoreError `unauthorized`
 * for a forged, stale or missing one, `replayed` for a delivery already recorded); then the body
 * (`invalid_input` naming the field; `commitSha` 40 lowercase hex for a completed scan); the scan
 * (`not_found` when never dispatched, `conflict` for another project, provider or repository); the
 * attestation against `attestationKeys(config)` (`unauthorized` when it does not verify, or when
 * `sast.requireAttestation` and there is none). Then `recordScanResult` writes it all in one
 * transaction. A scan that reads `timed_out` still takes its late result (`late: true`).
 *
 * The delivery is recorded before anything else is done, so two copies of it never both apply; when
 * the result is then refused or cannot be recorded, the delivery is forgotten again, so the sender's
 * retry is not taken for a replay.
 */
export async function receiveScanResult(
  deps: SastDeps,
  input: { body: Uint8Array; headers: ResultHeaders },
): Promise<ScanResultAccepted> {
  const now = deps.now?.() ?? new Date();
  const signature = await verifyResultSignature(deps, input.body, input.headers, now);
  const deliveries = scanResultDeliveries(deps);
  let deliveryId = signature.scheme === 'scanrelay' ? signature.deliveryKey : undefined;
  try {
    const body = parseScanResultBody(input.body);
    if (signature.scheme === 'body') {
      const key = bodyDeliveryKey(body.result.scanId, body.digest);
      if (await deliveries.seen(key, now.getTime() + BODY_DELIVERY_TTL_MS))
        throw new CoreError('replayed', REPLAYED_DETAIL);
      deliveryId = key;
    }
    const scan = await locateScan(deps, body.result);
    const attestationKeyId = checkAttestation(deps, body);
    const late = effectiveScanStatus(scan, now, deps.config.timeoutMs) === 'timed_out';
    return await recordScanResult(deps, {
      scan,
      body,
      deliveryId: deliveryId as string,
      attestationKeyId,
      late,
      now,
    });
  } catch (err) {
    if (deliveryId !== undefined) {
      await deliveries.release(deliveryId).catch((cause: unknown) => {
        const error = cause instanceof Error ? cause.message : String(cause);
        deps.logger?.warn('could not forget a refused scan-result delivery', { deliveryId, error });
      });
    }
    throw err;
  }
}
