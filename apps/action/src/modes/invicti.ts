import { readFile } from 'node:fs/promises';
import * as core from '@actions/core';
import { createScanrelayClient } from '@scanrelay/client';
import {
  type Finding,
  findingListSchema,
  fromSecureCodeBox,
  toSecureCodeBox,
} from '@scanrelay/findings-schema';
import type { ScanTask } from '@scanrelay/invicti-client';
import {
  type InvictiFlags,
  type InvictiRunOutcome,
  resolveInvictiSettings,
  runInvicti,
} from '@scanrelay/invicti-run';
import { findingsVerdict } from '../findings-verdict.js';
import type { InputsOf } from '../inputs.js';
import type { ActionOutcome } from '../report/action-outcome.js';
import { createFindingsTally } from '../report/findings-tally.js';
import { writeSarif } from '../write-sarif.js';

type InvictiInputs = InputsOf<'invicti-scan'> | InputsOf<'invicti-issues'>;

function flagsOf(inputs: InvictiInputs): InvictiFlags {
  const common = {
    url: inputs['invicti-url'],
    userId: inputs['invicti-user-id'],
    apiToken: inputs['invicti-api-token'],
    outputDir: inputs['output-dir'],
    format: inputs.format,
  };
  if (inputs.command === 'invicti-issues') return { ...common, action: 'issues', scanId: inputs['scan-id'] };
  return {
    ...common,
    action: 'scan',
    targetUri: inputs['target-uri'],
    profile: inputs.profile,
    websiteId: inputs['website-id'],
    policyId: inputs['policy-id'],
    baseScanId: inputs['base-scan-id'],
    fireAndForget: !inputs.blocking,
    timeout: inputs.timeout,
    pollInterval: inputs['poll-interval'],
  };
}

/** The findings.json the run wrote, as canonical findings. */
async function readFindings(file: string, format: 'json' | 'scb'): Promise<Finding[]> {
  const json: unknown = JSON.parse(await readFile(file, 'utf8'));
  return format === 'json' ? findingListSchema.parse(json) : fromSecureCodeBox(json);
}

/** GitHub cancels a step with SIGINT, then SIGTERM: either interrupts the run. */
function interruptSignal(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  return {
    signal: controller.signal,
    release: () => process.off('SIGINT', stop).off('SIGTERM', stop),
  };
}

async function completedOutcome(
  inputs: InvictiInputs,
  outcome: Extract<InvictiRunOutcome, { kind: 'completed' }>,
): Promise<ActionOutcome> {
  const file = outcome.files.findingsFile ?? '';
  const findings = await readFindings(file, inputs.format);
  const tally = createFindingsTally(inputs.top);
  for (const f of findings) tally.add(f);
  const notes = [`${outcome.findingsCount} findings in \`${file}\` (${inputs.format}).`];
  const sarifPath = inputs['sarif-file'];
  if (sarifPath) await writeSarif(sarifPath, findings, { onWarning: (m) => core.warning(m) });
  if (inputs.command === 'invicti-issues' && inputs['api-url']) {
    const client = createScanrelayClient({ baseUrl: inputs['api-url'], apiKey: inputs['api-key'] });
    const posted = await client.postFindings({
      project: inputs.project,
      scan: { externalId: outcome.scanId, provider: 'invicti', kind: 'dast' },
      findings: toSecureCodeBox(findings, { name: `invicti-${outcome.scanId}`, scanType: 'invicti' }),
    });
    notes.push(
      `Posted to scanrelay project ${posted.project}: scan \`${posted.scanId}\`, ${posted.created} new, ${posted.total} in all${posted.replayed ? ' (already recorded)' : ''}.`,
    );
  }
  return {
    ...findingsVerdict(tally.counts, inputs['fail-on']),
    scanId: outcome.scanId,
    counts: tally.counts,
    highlights: tally.highlights(),
    ...(sarifPath ? { sarifPath } : {}),
    notes,
  };
}

/**
 * `invicti-scan` (fire-and-forget unless `blocking`) and `invicti-issues`: one run of
 * @scanrelay/invicti-run; inputs over the environment (`INVICTI_*`, `SCB_*`). `invicti-issues` with
 * `api-url` posts the findings to the service as the project's Invicti scan.
 */
export async function runInvictiMode(inputs: InvictiInputs): Promise<ActionOutcome> {
  // The Action sets its own outputs: the run must not append to GITHUB_OUTPUT itself.
  const { GITHUB_OUTPUT: _ignored, ...env } = process.env;
  const settings = resolveInvictiSettings(flagsOf(inputs), env);
  core.setSecret(settings.apiToken);
  const interrupt = interruptSignal();
  let outcome: InvictiRunOutcome;
  try {
    outcome = await runInvicti(settings, {
      signal: interrupt.signal,
      onLaunched: (scan: ScanTask) => core.info(`launched Invicti scan ${scan.Id} (${scan.State})`),
      onRetry: (e) => core.info(`retrying (attempt ${e.attempt + 1}): ${e.error.detail}`),
    });
  } finally {
    interrupt.release();
  }
  switch (outcome.kind) {
    case 'launched':
      return {
        verdict: 'pending',
        reason: `launched Invicti scan ${outcome.scanId}; not waiting (fire-and-forget)`,
        exitCode: 0,
        scanId: outcome.scanId,
        highlights: [],
        notes: [`Metadata in \`${outcome.files.metadataFile}\`.`],
      };
    case 'completed':
      return completedOutcome(inputs, outcome);
    case 'incomplete':
      return {
        verdict: 'incomplete',
        reason: outcome.detail,
        exitCode: 1,
        scanId: outcome.scanId,
        highlights: [],
        notes: [],
      };
    case 'interrupted':
      return {
        verdict: 'interrupted',
        reason: outcome.detail,
        exitCode: 1,
        ...(outcome.scanId ? { scanId: outcome.scanId } : {}),
        highlights: [],
        notes: [],
      };
  }
}
