import type { ProjectSecurity } from '@scanrelay/api-schema';
import type { ClientError } from './client-error.js';

/** The exit codes of a gate decision: pass, fail, and a request the service refused. */
export const GATE_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The severities `--fail-on` takes, strictest first. */
export const FAIL_ON = ['critical', 'high', 'medium'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface GateOptions {
  project: string;
  failOn: FailOn;
  /** A scan in flight, a project never scanned and an unreachable service fail instead of passing with a warning. */
  strict: boolean;
  /** The security page of the project. */
  pageUrl: string;
}

/**
 * - `pass`: not blocklisted, nothing at or above `--fail-on`, every provider has a result;
 * - `fail`: blocklisted, or findings at or above `--fail-on`;
 * - `unverified`: not failing, but a scan is pending, running, failed or timed out, or there is none;
 * - `unavailable`: the service did not answer (network error, timeout, 5xx, an answer not understood);
 * - `refused`: the service refused the request (401/403: the key, 4xx: the project name).
 */
export type GateOutcome = 'pass' | 'fail' | 'unverified' | 'unavailable' | 'refused';

export interface GateDecision {
  project: string;
  outcome: GateOutcome;
  exitCode: number;
  /** One sentence: why. */
  reason: string;
  pageUrl: string;
  failOn: FailOn;
  strict: boolean;
  verdict?: ProjectSecurity['verdict'];
  blocked?: boolean;
  counts?: ProjectSecurity['counts'];
  providers?: { provider: string; status: string; verdict?: string; commitSha?: string }[];
}

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const SETTLED = new Set(['completed']);

/** The severities at or above `failOn` that have findings in `counts`, most severe first. */
export function severitiesAtOrAbove(
  counts: ProjectSecurity['counts'],
  failOn: FailOn,
): (typeof SEVERITIES)[number][] {
  return SEVERITIES.slice(0, SEVERITIES.indexOf(failOn) + 1).filter((s) => counts[s] > 0);
}

/** The gate's decision on a project's security view. */
export function decideOnSecurity(security: ProjectSecurity, options: GateOptions): GateDecision {
  const base = {
    project: options.project,
    pageUrl: options.pageUrl,
    failOn: options.failOn,
    strict: options.strict,
    verdict: security.verdict,
    blocked: security.blocked,
    counts: security.counts,
    providers: security.providers.map((p) => ({
      provider: p.provider,
      status: p.status,
      ...(p.verdict ? { verdict: p.verdict } : {}),
      ...(p.commitSha ? { commitSha: p.commitSha } : {}),
    })),
  };
  const fail = (reason: string): GateDecision => ({
    ...base,
    outcome: 'fail',
    exitCode: GATE_EXIT.failed,
    reason,
  });

  if (security.blocked) {
    const reasons = security.blocklist.filter((e) => e.active).map((e) => e.reason);
    return fail(`blocklisted: ${reasons.join('; ') || 'an active blocklist entry'}`);
  }
  const over = severitiesAtOrAbove(security.counts, options.failOn);
  if (over.length > 0) {
    const said = over.map((s) => `${security.counts[s]} ${s}`).join(', ');
    return fail(`${said} finding(s), at or above --fail-on ${options.failOn}`);
  }
  const open = security.providers.filter((p) => !SETTLED.has(p.status));
  if (security.providers.length === 0 || security.verdict === 'none' || open.length > 0) {
    const reason =
      security.providers.length === 0 || security.verdict === 'none'
        ? 'the project has never been scanned'
        : `no result yet from ${open.map((p) => `${p.provider} (${p.status})`).join(', ')}`;
    return unverified({ ...base }, reason, options.strict);
  }
  return {
    ...base,
    outcome: 'pass',
    exitCode: GATE_EXIT.ok,
    reason: `no finding at or above ${options.failOn} from ${security.providers.map((p) => p.provider).join(', ')}`,
  };
}

/** The gate's decision when the service answered with an error, or not at all. */
export function decideOnError(err: ClientError, options: GateOptions): GateDecision {
  const base = {
    project: options.project,
    pageUrl: options.pageUrl,
    failOn: options.failOn,
    strict: options.strict,
  };
  const status = err.status;
  if (status === 401 || status === 403) {
    const why =
      status === 401
        ? 'the API key was refused (401: unknown, revoked or missing); check SCANRELAY_API_KEY'
        : 'the API key may not read this project (403: it needs the read scope)';
    return { ...base, outcome: 'refused', exitCode: GATE_EXIT.usage, reason: why };
  }
  if (status === 404)
    return unverified(base, `the service knows no project "${options.project}"`, options.strict);
  if (status !== undefined && status < 500 && status !== 408 && status !== 429)
    return {
      ...base,
      outcome: 'refused',
      exitCode: GATE_EXIT.usage,
      reason: `the service refused the request: ${err.detail}`,
    };
  const what = status === undefined ? err.detail : `${status} ${err.detail}`;
  return {
    ...base,
    outcome: 'unavailable',
    exitCode: options.strict ? GATE_EXIT.failed : GATE_EXIT.ok,
    reason: `the scanrelay service is unavailable (${what})${options.strict ? '' : '; not gating'}`,
  };
}

function unverified<T extends object>(base: T, reason: string, strict: boolean): T & GateDecisionTail {
  return {
    ...base,
    outcome: 'unverified',
    exitCode: strict ? GATE_EXIT.failed : GATE_EXIT.ok,
    reason: strict ? `${reason} (--strict)` : `${reason}; passing without a verdict`,
  };
}

type GateDecisionTail = Pick<GateDecision, 'outcome' | 'exitCode' | 'reason'>;
