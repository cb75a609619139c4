import { type SastResult, sastResultSchema } from './types.js';
import { countSeverities } from './verdict/index.js';

/** Who and what a result is about, whatever its outcome. */
export type SastResultSubject = Pick<SastResult, 'project' | 'provider' | 'scanId' | 'repoUrl' | 'tool'> & {
  commitSha?: string;
  startedAt: string;
};

/**
 * The result of a scan that could not produce findings (a refused URL, a checkout, tool or parse
 * failure, a worker shutting down under it): `status: failed` with the reason, verdict `fail`, score 0,
 * so the receiver learns something rather than nothing.
 */
export function failedSastResult(subject: SastResultSubject, reason: string): SastResult {
  return sastResultSchema.parse({
    ...subject,
    finishedAt: new Date().toISOString(),
    status: 'failed',
    error: reason,
    counts: countSeverities([]),
    verdict: 'fail',
    score: 0,
    findings: [],
  });
}
