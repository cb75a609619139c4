import * as core from '@actions/core';
import { SEVERITIES } from '@scanrelay/findings-schema';
import type { ActionOutcome } from './action-outcome.js';
import { annotationsOf } from './annotate.js';
import { summaryMarkdown } from './summary-markdown.js';

/** The step's outputs: ids, verdict, counts as JSON and per severity, the SARIF path. */
function setOutputs(outcome: ActionOutcome): void {
  core.setOutput('verdict', outcome.verdict);
  if (outcome.jobId) core.setOutput('job-id', outcome.jobId);
  if (outcome.scanId) core.setOutput('scan-id', outcome.scanId);
  if (outcome.sarifPath) core.setOutput('sarif-path', outcome.sarifPath);
  if (outcome.counts) {
    core.setOutput('counts', JSON.stringify(outcome.counts));
    for (const s of SEVERITIES) core.setOutput(s, String(outcome.counts[s]));
  }
}

/**
 * Outputs, job summary (when GITHUB_STEP_SUMMARY is set), annotations of the top findings, and the
 * exit status: a non-zero `exitCode` fails the step with the reason.
 */
export async function publishOutcome(command: string, outcome: ActionOutcome): Promise<void> {
  setOutputs(outcome);
  const annotations = annotationsOf(outcome.highlights, {
    workspace: process.env.GITHUB_WORKSPACE,
    reserveError: outcome.exitCode !== 0,
  });
  for (const a of annotations) {
    if (a.level === 'error') core.error(a.message, a.properties);
    else core.warning(a.message, a.properties);
  }
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summaryMarkdown(command, outcome)).write();
  if (outcome.exitCode === 0) core.info(`scanrelay ${command}: ${outcome.verdict}: ${outcome.reason}`);
  else {
    core.setFailed(`scanrelay ${command}: ${outcome.verdict}: ${outcome.reason}`);
    process.exitCode = outcome.exitCode;
  }
}
