import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type SastResult, sastProviderSchema, severityCountsSchema } from '../types.js';

export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** Our predicate: what a SAST scan of one commit found. Bump the version on any breaking change. */
export const SAST_PREDICATE_TYPE = 'https://scanrelay.dev/attestations/sast-result/v1';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

const sastPredicateSchema = z.object({
  project: z.string().min(1),
  provider: sastProviderSchema,
  scanId: z.string().min(1),
  tool: z.object({ name: z.string().min(1), version: z.string().optional() }),
  status: z.enum(['completed', 'failed']),
  counts: severityCountsSchema,
  verdict: z.enum(['pass', 'fail']),
  score: z.number().int().min(0).max(100),
  /** `sha256`: hex SHA-256 of the result's `findings` array serialised with `JSON.stringify`. */
  findings: z.object({ count: z.number().int().min(0), sha256: sha256Hex }),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }),
});
export type SastPredicate = z.infer<typeof sastPredicateSchema>;

/** An in-toto Statement v1 whose one subject is the repository at a commit (`digest.gitCommit`). */
export const sastStatementSchema = z.object({
  _type: z.literal(IN_TOTO_STATEMENT_TYPE),
  subject: z
    .array(
      z.object({
        name: z.string().min(1),
        digest: z.object({ gitCommit: z.string().regex(/^[0-9a-f]{40}$/) }),
      }),
    )
    .length(1),
  predicateType: z.literal(SAST_PREDICATE_TYPE),
  predicate: sastPredicateSchema,
});
export type SastStatement = z.infer<typeof sastStatementSchema>;

/**
 * The digest the predicate holds for a result's findings: hex SHA-256 of `JSON.stringify(findings)`.
 * A result read back from its JSON file gives the same bytes (key order is kept).
 */
export function findingsDigest(findings: SastResult['findings']): string {
  return createHash('sha256').update(JSON.stringify(findings), 'utf8').digest('hex');
}

/** The statement for a result that has a `commitSha` (the caller checks). */
export function sastStatement(result: SastResult & { commitSha: string }): SastStatement {
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: result.repoUrl, digest: { gitCommit: result.commitSha } }],
    predicateType: SAST_PREDICATE_TYPE,
    predicate: {
      project: result.project,
      provider: result.provider,
      scanId: result.scanId,
      tool: result.tool.version === undefined ? { name: result.tool.name } : { ...result.tool },
      status: result.status,
      counts: result.counts,
      verdict: result.verdict,
      score: result.score,
      findings: { count: result.findings.length, sha256: findingsDigest(result.findings) },
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
    },
  };
}
