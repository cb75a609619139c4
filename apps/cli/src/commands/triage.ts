import {
  type BulkTriageRequest,
  findingStatusOf,
  isClientError,
  type StoredFinding,
  type TriageRequest,
} from '@scanrelay/client';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { clientFromConfig } from '../upload/client-from-config.js';

interface TriageFlags {
  finding?: string;
  project?: string;
  status: string;
  reason?: string;
  expires?: string;
  filterSeverity?: string;
  filterStatus?: string;
  filterTool?: string;
  filterKind?: string;
  filterQ?: string;
  json?: boolean;
  apiUrl?: string;
  apiKey?: string;
  config?: string;
}

const HELP = `
One finding:  scanrelay triage --finding ID --status false_positive --reason "test fixture"
              scanrelay triage --finding ID --status accepted_risk --reason "no fix yet" --expires 2027-06-30
              scanrelay triage --finding ID --status open
By filter:    scanrelay triage --project shop --filter-severity low,info --filter-tool trivy \\
                --status accepted_risk --reason "dev image only"

--status takes open, false_positive or accepted_risk (or false-positive, accepted-risk). A false
positive or an accepted risk needs --reason; only an accepted risk takes --expires (a future date,
the end of that day UTC, or an ISO date-time). The decision survives re-imports; an expired
acceptance reopens. The API key needs the triage scope (admin holds it).

Exit codes: 0 done; 2 invalid options or a request the service refused (the reason is printed:
a field, 403 without the triage scope, 404 an unknown finding or project); 1 the service failed.`;

/** The option a field of the request (`reason`, `filter.severity`) came from, or undefined for none. */
function optionOf(path: string | undefined): string | undefined {
  const [head, sub] = (path ?? '').split('.');
  if (head === 'filter' && sub) return `--filter-${sub}`;
  return head && head !== '(root)' ? `--${head}` : undefined;
}

const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);

/** The bulk filter from the `--filter-*` options (undefined when none is given). */
function filterOf(o: TriageFlags): Record<string, unknown> | undefined {
  const filter = {
    severity: list(o.filterSeverity),
    status: list(o.filterStatus),
    tool: o.filterTool,
    kind: o.filterKind,
    q: o.filterQ,
  };
  const given = Object.entries(filter).filter(([, v]) => v !== undefined);
  return given.length > 0 ? Object.fromEntries(given) : undefined;
}

/** The decision the options ask for; the client checks it before sending (the API's own schema). */
function decision(o: TriageFlags): TriageRequest {
  return {
    // The client's check refuses an unknown status, naming --status.
    status: o.status as TriageRequest['status'],
    ...(o.reason === undefined ? {} : { reason: o.reason }),
    ...(o.expires === undefined ? {} : { expires: o.expires }),
  };
}

/** What one triaged finding now is, in a line. */
function statusLine(f: StoredFinding): string {
  const until = f.triage?.acceptedUntil ? ` until ${f.triage.acceptedUntil}` : '';
  const why = f.triage?.reason ? ` (${f.triage.reason})` : '';
  return `finding ${f.id} [${f.severity}] ${f.finding.name}: ${f.status}${until}${why}`;
}

/**
 * Invalid options (checked before any request) and refusals of the service (4xx) exit 2 with the
 * reason, naming the option at fault; an unreachable or failing service exits 1.
 */
function triageError(err: unknown): never {
  if (!isClientError(err)) throw err;
  const field = err.errors[0];
  const option = optionOf(field?.path);
  const reason = option && field ? `${option}: ${field.message}` : err.detail;
  const status = err.status ?? 0;
  const refused = err.code === 'invalid_request' || (status >= 400 && status < 500);
  throw new CliError(`triage: ${reason}`, refused ? EXIT.usage : EXIT.failed, { cause: err });
}

async function runTriage(o: TriageFlags): Promise<void> {
  if ((o.finding === undefined) === (o.project === undefined))
    throw new CliError('triage: give --finding ID (one finding) or --project NAME (by filter), not both');
  const filter = filterOf(o);
  if (o.finding !== undefined && filter)
    throw new CliError('triage: --filter-* options go with --project, not with --finding');
  if (o.project !== undefined && !filter)
    throw new CliError(
      'triage: --project needs at least one --filter-* option (e.g. --filter-severity low); every finding would match',
    );
  const { client } = await clientFromConfig(o);
  if (o.finding !== undefined) {
    const finding = await client.triageFinding(o.finding, decision(o)).catch(triageError);
    process.stdout.write(
      o.json ? `${JSON.stringify(finding, null, 2)}\n` : `scanrelay triage: ${statusLine(finding)}\n`,
    );
    return;
  }
  if (o.project !== undefined && filter) {
    const bulk = { filter, ...decision(o) } as BulkTriageRequest;
    const result = await client.triageFindings(o.project, bulk).catch(triageError);
    const status = result.changed > 0 ? ` now ${findingStatusOf(bulk.status)}` : '';
    process.stdout.write(
      o.json
        ? `${JSON.stringify(result, null, 2)}\n`
        : `scanrelay triage: ${result.changed} finding(s) of ${o.project}${status}\n${result.ids.map((id) => `  ${id}\n`).join('')}`,
    );
  }
}

export function registerTriage(program: Command): void {
  program
    .command('triage')
    .description(
      "Set a finding's triage status (false positive, accepted risk until a date, or open), one by id or a project's by filter",
    )
    .option('--finding <id>', 'the finding to triage')
    .option('--project <name>', 'triage every finding of this project that the --filter-* options match')
    .requiredOption('--status <status>', 'open|false_positive|accepted_risk')
    .option('--reason <text>', 'why (required for false_positive and accepted_risk)')
    .option('--expires <date>', 'accepted_risk only: until when (2027-06-30 or an ISO date-time)')
    .option('--filter-severity <list>', 'with --project: severities, comma-separated (critical,high,…)')
    .option('--filter-status <list>', 'with --project: current statuses, comma-separated')
    .option('--filter-tool <name>', 'with --project: the tool (e.g. trivy)')
    .option('--filter-kind <kind>', 'with --project: source|package|url|host')
    .option('--filter-q <text>', 'with --project: text in the title, rule id or location')
    .option('--json', 'print the finding (or the bulk result) as JSON')
    .option('--api-url <url>', 'scanrelay API (or SCANRELAY_API_URL)')
    .option('--api-key <key>', 'API key with the triage scope (prefer SCANRELAY_API_KEY)')
    .option('-c, --config <file>', 'configuration file')
    .addHelpText('after', HELP)
    .action(runTriage);
}
