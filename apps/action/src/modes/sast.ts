import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import { writeFileAtomic } from '@scanrelay/invicti-run';
import {
  isCallbackError,
  outboundPolicyFromEnv,
  postCallback,
  type SastResult,
  scanRepository,
} from '@scanrelay/sast-runners';
import { ActionError } from '../action-error.js';
import { findingsVerdict } from '../findings-verdict.js';
import type { InputsOf } from '../inputs.js';
import type { ActionOutcome } from '../report/action-outcome.js';
import { createFindingsTally } from '../report/findings-tally.js';
import { writeSarif } from '../write-sarif.js';

async function deliver(inputs: InputsOf<'sast'>, result: SastResult, notes: string[]): Promise<void> {
  const url = inputs['callback-url'];
  const secret = inputs['callback-secret'];
  if (!url || !secret) return;
  try {
    const delivery = await postCallback({ url, secret, result, policy: outboundPolicyFromEnv() });
    notes.push(
      `Result delivered to the callback (delivery \`${delivery.deliveryId}\`, ${delivery.attempts} attempt(s)).`,
    );
  } catch (err) {
    if (!isCallbackError(err)) throw err;
    throw new ActionError('failed', `the result was not delivered: ${err.detail}`, { cause: err });
  }
}

/**
 * `sast`: one provider scans the repository at a provable commit (@scanrelay/sast-runners'
 * scanRepository); the result, failed or not, is posted signed to `callback-url` when given.
 */
export async function runSast(inputs: InputsOf<'sast'>): Promise<ActionOutcome> {
  const result = await scanRepository({
    project: inputs.project,
    provider: inputs.provider,
    scanId: inputs['scan-id'] ?? `scan-${randomUUID()}`,
    repoUrl: inputs['repo-url'],
    ...(inputs.ref ? { ref: inputs.ref } : {}),
    policy: outboundPolicyFromEnv(),
  });
  const at = result.commitSha ? ` at \`${result.commitSha}\`` : '';
  const notes = [
    `${result.tool.name}${result.tool.version ? ` ${result.tool.version}` : ''} scanned ${result.repoUrl}${at}; score ${result.score}.`,
  ];
  const resultFile = inputs['result-file'];
  if (resultFile) {
    await writeFileAtomic(resultFile, `${JSON.stringify(result, null, 2)}\n`);
    notes.push(`Result in \`${resultFile}\`.`);
  }
  const sarifPath = inputs['sarif-file'];
  if (sarifPath) await writeSarif(sarifPath, result.findings, { onWarning: (m) => core.warning(m) });
  await deliver(inputs, result, notes);
  const base = { scanId: result.scanId, notes, ...(sarifPath ? { sarifPath } : {}) };
  if (result.status === 'failed')
    return {
      ...base,
      verdict: 'failed',
      reason: `the scan failed: ${result.error}`,
      exitCode: 1,
      highlights: [],
    };
  const tally = createFindingsTally(inputs.top);
  for (const f of result.findings) tally.add(f);
  return {
    ...base,
    ...findingsVerdict(tally.counts, inputs['fail-on']),
    counts: tally.counts,
    highlights: tally.highlights(),
  };
}
