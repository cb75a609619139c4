import {
  createScanrelayClient,
  decideOnError,
  decideOnSecurity,
  type GateDecision,
  isClientError,
  type ProjectSecurity,
} from '@scanrelay/client';
import { parseDuration } from '@scanrelay/invicti-run';
import type { InputsOf } from '../inputs.js';
import type { ActionOutcome } from '../report/action-outcome.js';
import { highlightOfSecurityFinding } from '../report/highlight.js';

function outcomeOf(
  decision: GateDecision,
  security: ProjectSecurity | undefined,
  top: number,
): ActionOutcome {
  const highlights = (security?.findings ?? [])
    .flatMap((group) => group.items)
    .slice(0, top)
    .map(highlightOfSecurityFinding);
  const providers = (decision.providers ?? []).map(
    (p) =>
      `${p.provider}: ${p.status}${p.verdict ? `, ${p.verdict}` : ''}${p.commitSha ? ` at \`${p.commitSha.slice(0, 7)}\`` : ''}`,
  );
  return {
    verdict: decision.outcome,
    reason: decision.reason,
    exitCode: decision.exitCode,
    ...(decision.counts ? { counts: decision.counts } : {}),
    highlights,
    notes: [
      ...(providers.length > 0 ? [`Providers: ${providers.join('; ')}`] : []),
      `[Security page of ${decision.project}](${decision.pageUrl})`,
    ],
  };
}

/**
 * `gate`: the project's security view from the service, decided by the same policy as `scanrelay
 * gate` (@scanrelay/client's decideOnSecurity / decideOnError): blocklisted or findings at or above
 * `fail-on` fail; pending or never scanned pass with a warning unless `strict`.
 */
export async function runGate(inputs: InputsOf<'gate'>): Promise<ActionOutcome> {
  const apiUrl = inputs['api-url'].replace(/\/+$/, '');
  const client = createScanrelayClient({
    baseUrl: apiUrl,
    apiKey: inputs['api-key'],
    timeoutMs: parseDuration(inputs.timeout),
  });
  const options = {
    project: inputs.project,
    failOn: inputs['fail-on'],
    strict: inputs.strict,
    pageUrl: `${apiUrl}/projects/${encodeURIComponent(inputs.project)}/security`,
  };
  try {
    const security = await client.projectSecurity(inputs.project);
    const decision = decideOnSecurity(security, { ...options, pageUrl: `${apiUrl}${security.pagePath}` });
    return outcomeOf(decision, security, inputs.top);
  } catch (err) {
    if (!isClientError(err)) throw err;
    return outcomeOf(decideOnError(err, options), undefined, inputs.top);
  }
}
