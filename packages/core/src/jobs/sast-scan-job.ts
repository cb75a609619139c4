import type { OutboundPolicy, ResolveOptions } from '@scanrelay/outbound';
import {
  type DsseEnvelope,
  isAttestationError,
  isCallbackError,
  type KeyInput,
  loadPrivateKey,
  postCallback,
  type SastResult,
  scanRepository,
  signAttestation,
} from '@scanrelay/sast-runners';
import { sastScanInputSchema } from '../sast/dispatch-job-input.js';
import type { JobContext, JobHandler } from './job-context.js';
import { PermanentJobError } from './permanent-job-error.js';

/** What the worker's `sast-scan` jobs need: where results go and how they are signed. */
export interface SastJobDeps {
  /** This service's `/api/v1/webhooks/scan-results` as the worker reaches it (`sast.callbackUrl`). */
  callbackUrl?: string;
  /** `sast.callbackSecrets`: every one signs (the receiver accepts any). */
  callbackSecrets: readonly string[];
  /** `sast.signingKey`: an Ed25519 private key (PEM); completed results then carry an attestation. */
  signingKey?: string;
  /** Which repository URLs the checkout may fetch (the service's outbound rules). */
  policy?: OutboundPolicy;
  /** Host name resolution for the repository URL check (tests). */
  lookup?: ResolveOptions['lookup'];
  /** Where each scan's temporary directory is made; default the OS temporary directory. */
  workDir?: string;
}

/**
 * The callback URL is the operator's own configuration, not a caller's: it may be this service on
 * loopback or a private network, over plain http.
 */
const CALLBACK_POLICY: OutboundPolicy = { allowPrivateUrls: true, allowHttp: true };

/** The signing key, checked before anything is scanned: a key that cannot sign is configuration to fix. */
function signingKeyOf(pem: string | undefined): KeyInput | undefined {
  if (!pem) return undefined;
  try {
    return loadPrivateKey(pem);
  } catch (err) {
    if (!isAttestationError(err)) throw err;
    throw new PermanentJobError(`sast.signingKey cannot sign attestations: ${err.detail}`, { cause: err });
  }
}

/** An attestation for a completed result of a known commit (a failed checkout proves nothing). */
function attest(result: SastResult, key: KeyInput | undefined): DsseEnvelope | undefined {
  if (!key || result.status !== 'completed' || !result.commitSha) return undefined;
  return signAttestation(result, key);
}

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return 'the callback URL';
  }
};

/**
 * `sast-scan` (the `local` backend of external SAST): scan the repository with the provider's runner
 * (a fresh checkout at a provable commit; a refused URL, a failed checkout or tool gives a `failed`
 * result with the reason, which is posted too), attest a completed result when a signing key is
 * configured, and post it signed to `sast.callbackUrl`, where it is recorded like a runner's result
 * from anywhere else. Idempotent: a rerun scans and posts again, and the receiver keeps one result per
 * project and provider. Fails at once, saying what to configure, without a callback URL or secret.
 */
export function createSastScanJob(deps?: SastJobDeps): JobHandler {
  return async (ctx: JobContext): Promise<Record<string, unknown>> => {
    const parsed = sastScanInputSchema.safeParse(ctx.job.input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PermanentJobError(
        `the job input is not a sast-scan input: ${issue?.path.join('.') || '(input)'}: ${issue?.message}`,
      );
    }
    const callbackUrl = deps?.callbackUrl;
    const secrets = deps?.callbackSecrets.filter((s) => s.length > 0) ?? [];
    if (!deps || !callbackUrl || secrets.length === 0)
      throw new PermanentJobError(
        "this worker cannot report SAST results: set sast.callbackUrl (the service's /api/v1/webhooks/scan-results) and sast.callbackSecrets",
      );
    const key = signingKeyOf(deps.signingKey);
    const input = parsed.data;
    const { signal } = ctx.queue;
    await markRunning(ctx, input.scanId);
    await ctx.log(`scanning ${input.repoUrl}${input.ref ? ` at ${input.ref}` : ''} with ${input.provider}`);
    const result = await scanRepository({
      project: input.project,
      provider: input.provider,
      scanId: input.scanId,
      repoUrl: input.repoUrl,
      ref: input.ref,
      policy: deps.policy,
      lookup: deps.lookup,
      workDir: deps.workDir,
      signal,
    });
    const at = result.commitSha ? ` at ${result.commitSha}` : '';
    await ctx.log(
      result.status === 'completed'
        ? `${input.provider} scan completed${at}: ${result.verdict}, ${result.findings.length} findings`
        : `${input.provider} scan failed${at}: ${result.error ?? 'no reason given'}`,
      result.status === 'completed' ? 'info' : 'warn',
    );
    const attestation = attest(result, key);
    await ctx.progress(80);
    let deliveryId: string;
    try {
      const delivery = await postCallback({
        url: callbackUrl,
        secret: secrets,
        result,
        ...(attestation ? { attestation } : {}),
        policy: CALLBACK_POLICY,
        signal,
      });
      deliveryId = delivery.deliveryId;
      await ctx.log(
        `result posted to ${originOf(callbackUrl)} (delivery ${deliveryId}, ${delivery.attempts} attempt(s))`,
      );
    } catch (err) {
      if (isCallbackError(err) && (err.code === 'rejected' || err.code === 'url_refused'))
        throw new PermanentJobError(`the scan result was not accepted: ${err.detail}`, { cause: err });
      throw err;
    }
    return {
      scanId: result.scanId,
      provider: result.provider,
      status: result.status,
      verdict: result.verdict,
      counts: result.counts,
      commitSha: result.commitSha ?? null,
      attested: attestation !== undefined,
      deliveryId,
    };
  };
}

/** A pending scan reads `running` while its job works (a finished one is left as it is: this may be a rerun). */
async function markRunning(ctx: JobContext, scanId: string): Promise<void> {
  const scan = await ctx.store.scans.get(ctx.job.tenantId, scanId);
  if (scan?.status === 'pending')
    await ctx.store.scans.update(ctx.job.tenantId, scanId, {
      status: 'running',
      startedAt: new Date().toISOString(),
    });
}
