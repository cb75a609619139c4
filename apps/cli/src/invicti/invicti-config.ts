import { CliError, EXIT } from '../cli-error.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../findings-output.js';
import { parseDuration } from './duration.js';

/** Flags of `scanrelay invicti scan|issues`, as commander hands them over. */
export interface InvictiFlags {
  url?: string;
  userId?: string;
  apiToken?: string;
  targetUri?: string;
  profile?: string;
  websiteId?: string;
  policyId?: string;
  baseScanId?: string;
  scanId?: string;
  fireAndForget?: boolean;
  outputDir?: string;
  format?: string;
  timeout?: string;
  pollInterval?: string;
  cancelOnInterrupt?: boolean;
}

export type ScanTarget =
  | { kind: 'profile'; targetUri: string; profileName: string }
  | { kind: 'new'; targetUri?: string; websiteId?: string; policyId?: string }
  | { kind: 'incremental'; baseScanId: string };

export interface InvictiConfig {
  baseUrl: string;
  userId: string;
  apiToken: string;
  /** Where the credentials came from, named in authentication errors. */
  credentialSource: string;
  outputDir: string;
  format: OutputFormat;
  fireAndForget: boolean;
  timeoutMs: number;
  pollIntervalMs: number;
  cancelOnInterrupt: boolean;
  target?: ScanTarget;
  scanId?: string;
}

type Env = Record<string, string | undefined>;
interface Picked {
  value: string;
  source: string;
}

const bad = (setting: string, message: string) => new CliError(`${setting}: ${message}`, EXIT.usage);

/** The first non-empty value among flag and environment variables, with the name of where it came from. */
function pick(...candidates: [string | undefined, string][]): Picked | undefined {
  for (const [value, source] of candidates)
    if (value !== undefined && value.trim() !== '') return { value: value.trim(), source };
  return undefined;
}

function parseBoolean(p: Picked): boolean {
  const v = p.value.toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  throw bad(p.source, `expected true or false, got "${p.value}"`);
}

function httpUrl(p: Picked): string {
  try {
    const u = new URL(p.value);
    if (u.protocol === 'http:' || u.protocol === 'https:') return p.value;
  } catch {}
  throw bad(p.source, `expected an absolute http(s) URL, got "${p.value}"`);
}

/**
 * User id and token from flags, SCANRELAY_INVICTI_* (as `scanrelay serve` reads them), INVICTI_* (as the
 * fetch-invicti-results workflow passes them), or secureCodeBox's `SCB_INVICTI__APIKEY` (`USERID:TOKEN`).
 */
function credentials(flags: InvictiFlags, env: Env): { userId: string; apiToken: string; source: string } {
  const key = pick([env.SCB_INVICTI__APIKEY, 'SCB_INVICTI__APIKEY']);
  const colon = key ? key.value.indexOf(':') : -1;
  const keyUser = key && colon > 0 ? key.value.slice(0, colon) : undefined;
  const keyToken = key ? (colon > 0 ? key.value.slice(colon + 1) : key.value) : undefined;
  const user = pick(
    [flags.userId, '--user-id'],
    [env.SCANRELAY_INVICTI_USER_ID, 'SCANRELAY_INVICTI_USER_ID'],
    [env.INVICTI_USER_ID, 'INVICTI_USER_ID'],
    [env.SCB_INVICTI__USERID, 'SCB_INVICTI__USERID'],
    [keyUser, 'SCB_INVICTI__APIKEY'],
  );
  const token = pick(
    [flags.apiToken, '--api-token'],
    [env.SCANRELAY_INVICTI_API_TOKEN, 'SCANRELAY_INVICTI_API_TOKEN'],
    [env.INVICTI_API_TOKEN, 'INVICTI_API_TOKEN'],
    [keyToken, 'SCB_INVICTI__APIKEY'],
  );
  if (user?.source === 'SCB_INVICTI__USERID' && keyUser && keyUser !== user.value) {
    throw bad('SCB_INVICTI__APIKEY', 'holds a user id different from SCB_INVICTI__USERID; set one user id');
  }
  if (!user) {
    throw bad(
      '--user-id',
      'no Invicti user id: pass --user-id, or set SCANRELAY_INVICTI_USER_ID, INVICTI_USER_ID, SCB_INVICTI__USERID, or SCB_INVICTI__APIKEY as USERID:TOKEN',
    );
  }
  if (user.value.includes(':')) throw bad(user.source, 'the user id cannot contain ":"');
  if (!token)
    throw bad(
      '--api-token',
      'no Invicti API token: set SCANRELAY_INVICTI_API_TOKEN, INVICTI_API_TOKEN or SCB_INVICTI__APIKEY (USERID:TOKEN), or pass --api-token',
    );
  const source = user.source === token.source ? user.source : `${user.source} and ${token.source}`;
  return { userId: user.value, apiToken: token.value, source };
}

function duration(p: Picked): number {
  const ms = parseDuration(p.value);
  if (ms === undefined) throw bad(p.source, `expected a duration such as 30s, 15m or 8h, got "${p.value}"`);
  return ms;
}

function target(flags: InvictiFlags, env: Env): ScanTarget {
  const uri = pick([flags.targetUri, '--target-uri'], [env.SCB_SCAN__TARGETURI, 'SCB_SCAN__TARGETURI']);
  const profile = pick([flags.profile, '--profile'], [env.SCB_SCAN__PROFILENAME, 'SCB_SCAN__PROFILENAME']);
  const websiteId = pick([flags.websiteId, '--website-id']);
  const policyId = pick([flags.policyId, '--policy-id']);
  const base = pick([flags.baseScanId, '--base-scan-id']);
  if (base) {
    const extra = [uri, profile, websiteId, policyId].find(Boolean);
    if (extra)
      throw bad(
        extra.source,
        "--base-scan-id launches an incremental scan of the base scan's target; drop the other target settings",
      );
    return { kind: 'incremental', baseScanId: base.value };
  }
  if (profile) {
    if (policyId || websiteId)
      throw bad(
        (policyId ?? websiteId)?.source ?? '--profile',
        `cannot be combined with a profile (${profile.source}): the profile carries its own target settings and policy`,
      );
    if (!uri)
      throw bad(
        '--target-uri',
        `a scan with a profile (${profile.source}) needs a target: pass --target-uri or set SCB_SCAN__TARGETURI`,
      );
    return { kind: 'profile', targetUri: httpUrl(uri), profileName: profile.value };
  }
  if (!uri && !websiteId) {
    throw bad(
      '--target-uri',
      'no scan target: pass --target-uri (or SCB_SCAN__TARGETURI) with --profile (or SCB_SCAN__PROFILENAME), or --website-id with an optional --policy-id',
    );
  }
  return {
    kind: 'new',
    targetUri: uri ? httpUrl(uri) : undefined,
    websiteId: websiteId?.value,
    policyId: policyId?.value,
  };
}

/** Resolves flags over environment; every bad or missing value is a CliError (exit 2) naming the setting. */
export function resolveInvictiConfig(
  action: 'scan' | 'issues',
  flags: InvictiFlags,
  env: Env = process.env,
): InvictiConfig {
  const url = pick(
    [flags.url, '--url'],
    [env.SCANRELAY_INVICTI_URL, 'SCANRELAY_INVICTI_URL'],
    [env.INVICTI_URL, 'INVICTI_URL'],
    [env.SCB_INVICTI__URL, 'SCB_INVICTI__URL'],
  );
  if (!url)
    throw bad(
      '--url',
      'no Invicti URL: pass --url or set SCB_INVICTI__URL (e.g. https://www.netsparkercloud.com)',
    );
  const baseUrl = httpUrl(url);
  if (/^[a-z]+:\/\/[^/]*@/i.test(baseUrl))
    throw bad(url.source, 'credentials in the URL are refused; use the user id and API token settings');
  const creds = credentials(flags, env);
  const format = flags.format ?? 'scb';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format))
    throw bad('--format', `expected one of ${OUTPUT_FORMATS.join(', ')}, got "${format}"`);
  const ff =
    flags.fireAndForget !== undefined
      ? flags.fireAndForget
      : pick([env.SCB_SCANNER__FIREANDFORGET, 'SCB_SCANNER__FIREANDFORGET']);
  const config: InvictiConfig = {
    baseUrl,
    userId: creds.userId,
    apiToken: creds.apiToken,
    credentialSource: creds.source,
    outputDir: (
      pick([flags.outputDir, '--output-dir'], [env.SCB_SCANNER__OUTPUTPATH, 'SCB_SCANNER__OUTPUTPATH']) ?? {
        value: '.',
      }
    ).value,
    format: format as OutputFormat,
    fireAndForget: typeof ff === 'object' ? parseBoolean(ff) : ff === true,
    timeoutMs: duration(pick([flags.timeout, '--timeout']) ?? { value: '12h', source: '--timeout' }),
    pollIntervalMs: duration(
      pick([flags.pollInterval, '--poll-interval']) ?? { value: '10s', source: '--poll-interval' },
    ),
    cancelOnInterrupt: flags.cancelOnInterrupt === true,
  };
  if (action === 'scan') config.target = target(flags, env);
  else {
    const id = pick([flags.scanId, '--scan-id'], [env.SCB_SCAN__ID, 'SCB_SCAN__ID']);
    if (!id) throw bad('--scan-id', 'no scan id: pass --scan-id or set SCB_SCAN__ID');
    config.scanId = id.value;
  }
  return config;
}

/** `SCB_ACTION` for a plain `scanrelay invicti`: Scan or Issues (any case). */
export function actionFromEnv(env: Env = process.env): 'scan' | 'issues' {
  const raw = env.SCB_ACTION?.trim();
  if (!raw)
    throw bad(
      'SCB_ACTION',
      'not set: run `scanrelay invicti scan` or `scanrelay invicti issues`, or set SCB_ACTION to Scan or Issues',
    );
  const v = raw.toLowerCase();
  if (v === 'scan' || v === 'issues') return v;
  throw bad('SCB_ACTION', `expected Scan or Issues, got "${raw}"`);
}
