import type {
  Finding,
  ScanKind,
  ScanStatus,
  Severity,
  SeverityCounts,
  Verdict,
} from '@scanrelay/findings-schema';
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { ApiKeyScope } from '../model/api-keys.js';
import type { DeliveryOutcome } from '../model/deliveries.js';
import type { FindingLocationKind, FindingStatus } from '../model/findings.js';
import type { ForwardContext, ForwardStatus } from '../model/forwards.js';
import type { JobLogLevel } from '../model/job-logs.js';
import type { JobStatus } from '../model/jobs.js';
import type { ProjectKind } from '../model/projects.js';
import type { ScanOrigin } from '../model/scans.js';

/**
 * The SQLite schema. Kept column for column in step with `pg.ts` (a test compares both with the
 * migrated databases; `test/schema-types.test.ts` checks both give the same row types, from which the
 * stored shapes are derived). Times are ISO 8601 text, JSON is text, booleans are 0/1.
 */

/** JSON kept as text; drizzle turns it into `T` and back. */
const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();

export const tenants = sqliteTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  createdAt: text('created_at').notNull(),
});

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    scopes: json<ApiKeyScope[]>('scopes').notNull(),
    createdAt: text('created_at').notNull(),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('api_keys_tenant_idx').on(t.tenantId)],
);

export const projects = sqliteTable(
  'projects',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    kind: text('kind').$type<ProjectKind>().notNull(),
    repoUrl: text('repo_url'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('projects_tenant_name_uq').on(t.tenantId, t.name)],
);

export const scans = sqliteTable(
  'scans',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id),
    provider: text('provider').notNull(),
    kind: text('kind').$type<ScanKind>().notNull(),
    status: text('status').$type<ScanStatus>().notNull(),
    /** Set to the provider for the one upserted external SAST result per project and provider. */
    upsertKey: text('upsert_key'),
    /** `publish` for a scan an external SAST publish dispatched (at most one in flight per project and provider). */
    origin: text('origin').$type<ScanOrigin>(),
    externalId: text('external_id'),
    commitSha: text('commit_sha'),
    target: text('target'),
    /** Why the scan has its status, e.g. the provider's own state of a failed scan. */
    statusDetail: text('status_detail'),
    counts: json<SeverityCounts>('counts').notNull(),
    verdict: text('verdict').$type<Verdict>(),
    score: integer('score'),
    ingest: json<Record<string, unknown>>('ingest'),
    createdAt: text('created_at').notNull(),
    startedAt: text('started_at'),
    completedAt: text('completed_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('scans_project_upsert_uq').on(t.projectId, t.upsertKey),
    /** At most one published external SAST scan in flight per project and provider, across replicas. */
    uniqueIndex('scans_active_sast_uq')
      .on(t.projectId, t.provider)
      .where(sql`${t.origin} = 'publish' AND ${t.status} IN ('pending', 'running')`),
    index('scans_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    index('scans_project_provider_idx').on(t.projectId, t.provider, t.createdAt),
    index('scans_external_idx').on(t.tenantId, t.provider, t.externalId),
  ],
);

export const findings = sqliteTable(
  'findings',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id),
    fingerprint: text('fingerprint').notNull(),
    tool: text('tool').notNull(),
    scanner: text('scanner').notNull(),
    ruleId: text('rule_id').notNull(),
    severity: text('severity').$type<Severity>().notNull(),
    status: text('status').$type<FindingStatus>().notNull(),
    contentHash: text('content_hash').notNull(),
    firstSeenAt: text('first_seen_at').notNull(),
    firstScanId: text('first_scan_id').notNull(),
    fixedAt: text('fixed_at'),
    /** Search and sort columns, copies of the finding (`findingSearchColumns`): `data.name`… */
    title: text('title').notNull().default(''),
    /** …`data.location.kind`… */
    locationKind: text('location_kind').$type<FindingLocationKind>(),
    /** …the file, package name, URL or host of `data.location`… */
    locator: text('locator'),
    /** …and `severityRank[severity]` (critical 4 … info 0). */
    severityRank: integer('severity_rank').notNull().default(0),
    /** Triage: why, who and when (cleared when set back to open). */
    triageReason: text('triage_reason'),
    triagedBy: text('triaged_by'),
    triagedAt: text('triaged_at'),
    /** An accepted risk until then (reopened after). */
    acceptedUntil: text('accepted_until'),
  },
  (t) => [
    uniqueIndex('findings_tenant_project_fp_uq').on(t.tenantId, t.projectId, t.fingerprint),
    // One per list order (`FindingQuery.sort`; last seen's is `finding_seen`'s), so a page is read in
    // order and stops at its limit; status + rank also answers `counts` from the index alone, and finds
    // the open findings `closeMissing` checks (a (project, tool, status) index would narrow that only for
    // projects of several tools, at one more index write per new finding).
    index('findings_project_id_idx').on(t.projectId, t.id),
    index('findings_project_rank_idx').on(t.projectId, t.severityRank, t.id),
    index('findings_project_status_rank_idx').on(t.projectId, t.status, t.severityRank, t.id),
    index('findings_project_first_seen_idx').on(t.projectId, t.firstSeenAt, t.id),
    index('findings_accepted_until_idx')
      .on(t.tenantId, t.acceptedUntil)
      .where(sql`${t.acceptedUntil} IS NOT NULL`),
  ],
);

/** Each finding's canonical JSON without `id`: a table of its own, so status writes never rewrite it. */
export const findingData = sqliteTable('finding_data', {
  findingId: text('finding_id').primaryKey(),
  data: json<Omit<Finding, 'id'>>('data').notNull(),
});

/**
 * Where each finding was last seen (scan, time, occurrences), and the `last_seen` order: a narrow row,
 * so that a re-import marks an unchanged finding without rewriting the finding's row and seven indexes.
 * `WITHOUT ROWID` (migration 0006).
 */
export const findingSeen = sqliteTable(
  'finding_seen',
  {
    findingId: text('finding_id').primaryKey(),
    projectId: text('project_id').notNull(),
    occurrences: integer('occurrences').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    lastScanId: text('last_scan_id').notNull(),
  },
  (t) => [index('finding_seen_project_last_seen_idx').on(t.projectId, t.lastSeenAt, t.findingId)],
);

/** Every triage change of a finding (`FindingHistoryEntry`). */
export const findingHistory = sqliteTable(
  'finding_history',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    findingId: text('finding_id').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    fromStatus: text('from_status').$type<FindingStatus>().notNull(),
    toStatus: text('to_status').$type<FindingStatus>().notNull(),
    reason: text('reason'),
    expiresAt: text('expires_at'),
  },
  (t) => [index('finding_history_finding_idx').on(t.tenantId, t.findingId, t.at)],
);

/** Dashboard sign-ins: the sha256 (hex) of the cookie's token, never the token. */
export const dashboardSessions = sqliteTable(
  'dashboard_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    apiKeyId: text('api_key_id').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
  },
  (t) => [index('dashboard_sessions_expires_idx').on(t.expiresAt)],
);

export const scanFindings = sqliteTable(
  'scan_findings',
  {
    scanId: text('scan_id').notNull(),
    findingId: text('finding_id').notNull(),
    occurrences: integer('occurrences').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scanId, t.findingId] })],
);

export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    type: text('type').notNull(),
    status: text('status').$type<JobStatus>().notNull(),
    progress: integer('progress').notNull(),
    attempts: integer('attempts').notNull(),
    input: json<unknown>('input'),
    result: json<unknown>('result'),
    error: text('error'),
    createdAt: text('created_at').notNull(),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('jobs_tenant_created_idx').on(t.tenantId, t.createdAt, t.id)],
);

export const jobLogs = sqliteTable(
  'job_logs',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    jobId: text('job_id').notNull(),
    level: text('level').$type<JobLogLevel>().notNull(),
    message: text('message').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('job_logs_job_seq_idx').on(t.jobId, t.seq)],
);

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    source: text('source').notNull(),
    id: text('id').notNull(),
    receivedAt: text('received_at').notNull(),
    outcome: text('outcome').$type<DeliveryOutcome>().notNull(),
    detail: text('detail'),
    expiresAt: text('expires_at'),
    /** The tenant the delivery acted for, when one applies (admins read only their tenant's). */
    tenantId: text('tenant_id'),
    /** What the delivery was about (e.g. the Invicti scan id). */
    subject: text('subject'),
  },
  (t) => [
    primaryKey({ columns: [t.source, t.id] }),
    index('webhook_deliveries_expires_idx').on(t.expiresAt),
    index('webhook_deliveries_tenant_idx').on(t.tenantId, t.receivedAt),
  ],
);

export const summaries = sqliteTable(
  'summaries',
  {
    tenantId: text('tenant_id').notNull(),
    projectId: text('project_id').notNull(),
    /** Empty for the per-project summary. */
    provider: text('provider').notNull(),
    value: json<unknown>('value').notNull(),
    updatedAt: text('updated_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.projectId, t.provider] })],
);

export const blocklist = sqliteTable(
  'blocklist',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id),
    reason: text('reason').notNull(),
    severity: text('severity').$type<Severity>().notNull(),
    threatType: text('threat_type').notNull(),
    evidence: json<unknown>('evidence'),
    discoveredBy: text('discovered_by').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('blocklist_active_uq').on(t.projectId, t.threatType).where(sql`${t.active} = 1`),
    index('blocklist_tenant_idx').on(t.tenantId, t.active),
  ],
);

export const forwards = sqliteTable(
  'forwards',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    scanId: text('scan_id').notNull(),
    destination: text('destination').notNull(),
    kind: text('kind').notNull(),
    status: text('status').$type<ForwardStatus>().notNull(),
    attempts: integer('attempts').notNull(),
    sent: integer('sent').notNull(),
    batches: integer('batches').notNull(),
    remoteIds: json<string[]>('remote_ids').notNull(),
    warnings: json<string[]>('warnings').notNull(),
    context: json<ForwardContext>('context').notNull(),
    lastError: text('last_error'),
    nextAttemptAt: text('next_attempt_at'),
    reportFile: text('report_file'),
    sealedCredentials: text('sealed_credentials'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    finishedAt: text('finished_at'),
  },
  (t) => [
    uniqueIndex('forwards_scan_destination_idx').on(t.scanId, t.destination),
    index('forwards_tenant_status_idx').on(t.tenantId, t.status, t.createdAt),
  ],
);

/** The one external SAST result per project and provider (`SastResultRecord`), kept for audit. */
export const sastResults = sqliteTable(
  'sast_results',
  {
    tenantId: text('tenant_id').notNull(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id),
    provider: text('provider').notNull(),
    scanId: text('scan_id').notNull(),
    scanCreatedAt: text('scan_created_at').notNull(),
    repoUrl: text('repo_url').notNull(),
    commitSha: text('commit_sha'),
    status: text('status').$type<'completed' | 'failed'>().notNull(),
    error: text('error'),
    verdict: text('verdict').$type<Verdict>().notNull(),
    counts: json<SeverityCounts>('counts').notNull(),
    score: integer('score').notNull(),
    tool: json<{ name: string; version?: string }>('tool').notNull(),
    findings: json<unknown[]>('findings').notNull(),
    attestation: json<unknown>('attestation'),
    attestationKeyId: text('attestation_key_id'),
    deliveryId: text('delivery_id').notNull(),
    bodyDigest: text('body_digest').notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at').notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.projectId, t.provider] })],
);

/** Fixed-window counters shared by every replica (`RateLimitRepository`). */
export const rateWindows = sqliteTable(
  'rate_windows',
  {
    key: text('key').notNull(),
    windowStart: text('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);
