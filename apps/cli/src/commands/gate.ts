import {
  createScanrelayClient,
  decideOnError,
  decideOnSecurity,
  FAIL_ON,
  type FailOn,
  type GateDecision,
  type GateOptions,
  isClientError,
} from '@scanrelay/client';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { loadConfig } from '../config/index.js';
import { parseTimeout } from '../upload/client-from-config.js';

interface GateFlags {
  project: string;
  failOn: string;
  strict?: boolean;
  json?: boolean;
  timeout?: string;
  apiUrl?: string;
  apiKey?: string;
  config?: string;
}

const HELP = `
Decision and exit code:
  1  the project is blocklisted, or its providers' current results add up to at least one finding
     at or above --fail-on (default critical); the reason and the security page's link are printed
  0  no such finding, and every provider has a completed result
  0  (1 with --strict) a scan is pending, running, failed or timed out, or the project was never
     scanned: a warning on stderr says which
  0  (1 with --strict) the service is unreachable (network error, timeout, 5xx): a warning on
     stderr says "not gating"
  2  the service refused the API key (401: unknown or revoked; 403: it lacks the read scope), or
     another request problem (a bad project name)

The service is the one of the client commands: --api-url / SCANRELAY_API_URL / apiUrl and
--api-key / SCANRELAY_API_KEY / apiKey (a key with the read scope).`;

function failOnOf(value: string): FailOn {
  if (!(FAIL_ON as readonly string[]).includes(value))
    throw new CliError(`--fail-on: expected one of ${FAIL_ON.join(', ')}, got "${value}"`);
  return value as FailOn;
}

/** `<api url>/projects/<name>/security`, or the page path the service gave, under the API's base URL. */
function pageUrlOf(apiUrl: string, project: string, pagePath?: string): string {
  const base = apiUrl.replace(/\/+$/, '');
  return `${base}${pagePath ?? `/projects/${encodeURIComponent(project)}/security`}`;
}

function print(decision: GateDecision, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(decision, null, 2)}\n`);
    if (decision.outcome === 'unverified' || decision.outcome === 'unavailable')
      process.stderr.write(`scanrelay: warning: ${decision.reason}\n`);
    return;
  }
  const { project, outcome, reason, pageUrl } = decision;
  if (outcome === 'pass')
    process.stdout.write(`scanrelay gate: ${project} passes: ${reason}\n  ${pageUrl}\n`);
  else if (outcome === 'fail')
    process.stdout.write(`scanrelay gate: ${project} FAILS: ${reason}\n  see ${pageUrl}\n`);
  else if (outcome === 'refused') process.stderr.write(`scanrelay: gate: ${reason}\n`);
  else {
    process.stderr.write(`scanrelay: warning: ${project}: ${reason}\n`);
    if (decision.exitCode !== 0)
      process.stdout.write(`scanrelay gate: ${project} FAILS (--strict)\n  see ${pageUrl}\n`);
  }
}

async function runGate(flags: GateFlags): Promise<void> {
  const failOn = failOnOf(flags.failOn);
  const timeoutMs = parseTimeout(flags.timeout, '--timeout') ?? 30_000;
  const { config } = await loadConfig({
    configPath: flags.config,
    flags: { apiUrl: flags.apiUrl, apiKey: flags.apiKey },
  });
  if (!config.apiKey)
    throw new CliError(
      'apiKey: no API key; set SCANRELAY_API_KEY, apiKey in scanrelay.config.yaml, or --api-key',
    );
  const client = createScanrelayClient({ baseUrl: config.apiUrl, apiKey: config.apiKey, timeoutMs });
  const options: GateOptions = {
    project: flags.project,
    failOn,
    strict: flags.strict === true,
    pageUrl: pageUrlOf(config.apiUrl, flags.project),
  };
  let decision: GateDecision;
  try {
    const security = await client.projectSecurity(flags.project);
    decision = decideOnSecurity(security, {
      ...options,
      pageUrl: pageUrlOf(config.apiUrl, flags.project, security.pagePath),
    });
  } catch (err) {
    if (!isClientError(err)) throw err;
    decision = decideOnError(err, options);
  }
  print(decision, flags.json === true);
  process.exitCode = decision.exitCode;
}

export function registerGate(program: Command): void {
  program
    .command('gate')
    .description(
      "Pass or fail a CI step on a project's external SAST state: exit 1 with the security page's link when it is blocklisted or has findings at or above --fail-on",
    )
    .requiredOption('--project <name>', 'the project (as published)')
    .option('--fail-on <severity>', FAIL_ON.join('|'), 'critical')
    .option('--strict', 'also fail when a scan is pending or missing, or the service is unreachable')
    .option('--json', 'print the decision as JSON on stdout')
    .option('--timeout <duration>', 'give up on the service after this long (e.g. 30s)', '30s')
    .option('--api-url <url>', 'scanrelay API (or SCANRELAY_API_URL)')
    .option('--api-key <key>', 'API key (prefer SCANRELAY_API_KEY)')
    .option('-c, --config <file>', 'configuration file')
    .addHelpText('after', HELP)
    .action(runGate);
}
