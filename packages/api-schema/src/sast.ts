import {
  commitShaSchema,
  projectNameSchema,
  scanStatusSchema,
  severityCountsSchema,
  severitySchema,
  verdictSchema,
} from '@scanrelay/findings-schema';
import { z } from 'zod';

/** The backends a SAST provider's scans are dispatched to. */
export const SAST_BACKENDS = ['local', 'github', 'scanner-worker'] as const;
export const sastBackendKindSchema = z.enum(SAST_BACKENDS);
export type SastBackendKind = z.infer<typeof sastBackendKindSchema>;

/** `POST /api/v1/projects/:name/publish` (and `POST /api/v1/admin/skills/publish` with `name` in the body). */
export const publishRequestSchema = z.strictObject({
  /** The repository to scan: https by default, never with credentials. */
  repoUrl: z.string().min(1).max(2048),
  /** A branch, tag or 40-hex commit; the default branch when absent. */
  ref: z.string().min(1).max(256).optional(),
  /** Provider names; default: every configured provider. */
  providers: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
});
export type PublishRequest = z.infer<typeof publishRequestSchema>;

/** One scan a publish created and dispatched. */
export const publishedScanSchema = z.object({
  provider: z.string(),
  scanId: z.string(),
  backend: sastBackendKindSchema,
  /** `pending` once dispatched; `failed` when the dispatch itself failed (`error` says why). */
  status: z.enum(['pending', 'failed']),
  /** The local job, or GitHub's run when it answered with one. */
  jobId: z.string().optional(),
  runUrl: z.string().optional(),
  error: z.string().optional(),
});
export type PublishedScan = z.infer<typeof publishedScanSchema>;

/** One provider a publish did not dispatch, because a scan of it is still in flight. */
export const skippedScanSchema = z.object({
  provider: z.string(),
  reason: z.enum(['pending', 'running']),
  /** The scan in flight. */
  scanId: z.string(),
  detail: z.string(),
});
export type SkippedScan = z.infer<typeof skippedScanSchema>;

export const publishAnswerSchema = z.object({
  project: z.string(),
  repoUrl: z.string(),
  ref: z.string().optional(),
  scans: z.array(publishedScanSchema),
  skipped: z.array(skippedScanSchema),
});
export type PublishAnswer = z.infer<typeof publishAnswerSchema>;

/** What `POST /api/v1/webhooks/scan-results` answers for a recorded result. */
export const scanResultAcceptedSchema = z.object({
  accepted: z.literal(true),
  scanId: z.string(),
  project: z.string(),
  provider: z.string(),
  status: z.enum(['completed', 'failed']),
  verdict: verdictSchema,
  counts: severityCountsSchema,
  /** The scan had already read as timed out when its result came. */
  late: z.boolean(),
  /** The result became the project's result for this provider (false: a newer dispatch's result is kept). */
  current: z.boolean(),
  /** The project is blocklisted after this result. */
  blocked: z.boolean(),
});
export type ScanResultAccepted = z.infer<typeof scanResultAcceptedSchema>;

/** A blocklist entry as the API shows it. */
export const blocklistEntryViewSchema = z.object({
  id: z.string(),
  project: z.string(),
  threatType: z.string(),
  severity: severitySchema,
  reason: z.string(),
  discoveredBy: z.string(),
  evidence: z.unknown().optional(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BlocklistEntryView = z.infer<typeof blocklistEntryViewSchema>;

/** `GET /api/v1/blocklist/:name`. */
export const projectBlocklistSchema = z.object({
  project: z.string(),
  blocked: z.boolean(),
  entries: z.array(blocklistEntryViewSchema),
});
export type ProjectBlocklist = z.infer<typeof projectBlocklistSchema>;

/** `GET /api/v1/blocklist`: the tenant's active entries. */
export const blocklistListSchema = z.object({ items: z.array(blocklistEntryViewSchema) });
export type BlocklistList = z.infer<typeof blocklistListSchema>;

/** One provider's state on a project's security view. */
export const providerSecuritySchema = z.object({
  provider: z.string(),
  /** The newest scan's status; `pending`/`running` past the timeout reads `timed_out`. */
  status: scanStatusSchema,
  /** The newest scan (dispatched last). */
  scanId: z.string(),
  dispatchedAt: z.string(),
  /** From the provider's current result, when there is one. */
  resultScanId: z.string().optional(),
  verdict: verdictSchema.optional(),
  counts: severityCountsSchema,
  score: z.number().int().min(0).max(100).optional(),
  commitSha: commitShaSchema.optional(),
  /** The commit's page in the repository (GitHub, GitLab, Bitbucket and similar hosts). */
  commitUrl: z.string().optional(),
  scannedAt: z.string().optional(),
  tool: z.object({ name: z.string(), version: z.string().optional() }).optional(),
  /** Why the scan failed or timed out. */
  error: z.string().optional(),
  attested: z.boolean(),
});
export type ProviderSecurity = z.infer<typeof providerSecuritySchema>;

/** One finding on the security view, with a link to its file at the scanned commit when there is one. */
export const securityFindingSchema = z.object({
  provider: z.string(),
  severity: severitySchema,
  title: z.string(),
  ruleId: z.string().optional(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  url: z.string().optional(),
});
export type SecurityFinding = z.infer<typeof securityFindingSchema>;

/** `GET /api/v1/projects/:name/security` (and the HTML page at `/projects/:name/security`). */
export const projectSecuritySchema = z.object({
  project: z.string(),
  repoUrl: z.string().optional(),
  /** `fail`: blocklisted or a provider's verdict fails; `pending`: a scan in flight and none failing; `none`: never scanned. */
  verdict: z.enum(['pass', 'fail', 'pending', 'none']),
  blocked: z.boolean(),
  blocklist: z.array(blocklistEntryViewSchema),
  providers: z.array(providerSecuritySchema),
  /** The providers' current results added up. */
  counts: severityCountsSchema,
  /** The current results' findings by severity (critical first), at most `findingsLimit` in all. */
  findings: z.array(z.object({ severity: severitySchema, items: z.array(securityFindingSchema) })),
  findingsTruncated: z.boolean(),
  /** The HTML page, relative to the service's base URL. */
  pagePath: z.string(),
});
export type ProjectSecurity = z.infer<typeof projectSecuritySchema>;

/** `GET /api/v1/attestation-keys`: the Ed25519 public keys results' attestations are checked against. */
export const attestationKeysSchema = z.object({
  keys: z.array(
    z.object({
      keyId: z.string(),
      algorithm: z.literal('ed25519'),
      /** SPKI PEM. */
      publicKey: z.string(),
    }),
  ),
});
export type AttestationKeys = z.infer<typeof attestationKeysSchema>;

/** `DELETE /api/v1/blocklist/:name`: the project's active entries that were deactivated. */
export const blocklistLiftedSchema = z.object({
  project: z.string(),
  /** How many active entries were deactivated (0: the project was not blocklisted). */
  lifted: z.number().int().min(0),
});
export type BlocklistLifted = z.infer<typeof blocklistLiftedSchema>;

/** One value under any of several spellings: at least one, and the ones given agree. */
function oneOf(ctx: z.RefinementCtx, values: Record<string, string | undefined>, what: string): void {
  const given = Object.entries(values).filter(([, v]) => v !== undefined);
  const keys = Object.keys(values);
  if (given.length === 0)
    ctx.addIssue({ code: 'custom', path: [keys[0]!], message: `expected ${what} as ${keys.join(', ')}` });
  else if (new Set(given.map(([, v]) => v)).size > 1)
    ctx.addIssue({
      code: 'custom',
      path: [given[1]![0]],
      message: `${given.map(([k]) => k).join(' and ')} disagree; send ${what} once`,
    });
}

/**
 * `POST /api/v1/admin/skills/publish`: the seed's body. The project is `name`, `skill_name` or
 * `skillName`; the repository `repoUrl` or `repo_url`. Other fields of a skill's publication (its
 * description, version, …) are accepted and ignored, so the seed's publisher works unchanged.
 */
export const skillsPublishRequestSchema = z
  .object({
    name: projectNameSchema.optional(),
    skill_name: projectNameSchema.optional(),
    skillName: projectNameSchema.optional(),
    repoUrl: publishRequestSchema.shape.repoUrl.optional(),
    repo_url: publishRequestSchema.shape.repoUrl.optional(),
    ref: publishRequestSchema.shape.ref,
    providers: publishRequestSchema.shape.providers,
  })
  .superRefine((b, ctx) => {
    oneOf(ctx, { name: b.name, skill_name: b.skill_name, skillName: b.skillName }, 'the project name');
    oneOf(ctx, { repoUrl: b.repoUrl, repo_url: b.repo_url }, 'the repository URL');
  });
export type SkillsPublishRequest = z.infer<typeof skillsPublishRequestSchema>;

/** The project and the publish request a valid `SkillsPublishRequest` stands for. */
export function fromSkillsPublishRequest(body: SkillsPublishRequest): {
  project: string;
  request: PublishRequest;
} {
  const project = body.name ?? body.skill_name ?? body.skillName;
  const repoUrl = body.repoUrl ?? body.repo_url;
  if (project === undefined || repoUrl === undefined)
    throw new TypeError('@scanrelay/api-schema: expected a SkillsPublishRequest that passed its schema');
  const request: PublishRequest = { repoUrl };
  if (body.ref !== undefined) request.ref = body.ref;
  if (body.providers !== undefined) request.providers = body.providers;
  return { project, request };
}
