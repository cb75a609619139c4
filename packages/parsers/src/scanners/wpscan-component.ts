import type { Confidence, FindingDraft, Severity } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { cvssOf } from './support/cvss.js';

export const WPSCAN_SCANNER = 'wpscan';

/** What the report says about the whole scan, copied into each finding. */
export interface WpscanContext {
  targetUrl?: string;
  startTime?: string;
  version?: string;
}

const idList = z.array(z.union([z.string(), z.number()]).transform(String)).nullish();
/**
 * One vulnerability of a component (wpscan 3.x): title, fixed_in (3.0 to 3.8), references by kind;
 * later releases add uuid, cvss {score, vector}, affected_versions and poc.
 */
export const wpscanVulnerabilitySchema = z
  .object({
    title: z.string().min(1),
    fixed_in: z.string().nullish(),
    uuid: z.string().nullish(),
    cvss: z
      .object({ score: z.union([z.string(), z.number()]).nullish(), vector: z.string().nullish() })
      .loose()
      .nullish(),
    affected_versions: z.unknown().optional(),
    references: z
      .object({ cve: idList, url: idList, wpvulndb: idList, youtube: idList, exploitdb: idList })
      .loose()
      .nullish(),
  })
  .loose();
export type WpscanVulnerability = z.infer<typeof wpscanVulnerabilitySchema>;

/** A component: a plugin or theme entry, or the WordPress version block (its `number` is the version). */
export const wpscanComponentSchema = z
  .object({
    slug: z.string().nullish(),
    location: z.string().nullish(),
    number: z.string().nullish(),
    confidence: z.number().nullish(),
    version: z.object({ number: z.string().nullish(), confidence: z.number().nullish() }).loose().nullish(),
    vulnerabilities: z.array(z.unknown()).nullish(),
  })
  .loose();

/** WPScan's detection confidence (0–100) as a level. */
export function wpscanConfidence(value: number | null | undefined): Confidence | undefined {
  if (typeof value !== 'number') return undefined;
  return value >= 80 ? 'high' : value >= 40 ? 'medium' : 'low';
}

function severityFromScore(score: number | undefined): Severity {
  if (score === undefined) return 'medium';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return score > 0 ? 'low' : 'info';
}

/** A Unix time in seconds (wpscan's start_time) as ISO, else undefined. */
export function wpscanDate(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? new Date(v * 1000).toISOString() : undefined;
}

/** `fixed_in`, or `affected_versions.fixed_in` / `.to` when a later release nests it. */
function fixedIn(v: WpscanVulnerability): string | undefined {
  if (v.fixed_in) return v.fixed_in;
  const a = v.affected_versions as Record<string, unknown> | undefined;
  const nested = a && typeof a === 'object' ? a.fixed_in : undefined;
  return typeof nested === 'string' && nested !== '' ? nested : undefined;
}

export interface WpscanComponentKind {
  /** `wordpress` for the core, else the slug. */
  name: string;
  ecosystem: 'WordPress' | 'WordPress plugin' | 'WordPress theme';
  version?: string;
  confidence?: number | null;
}

/**
 * A vulnerability of WordPress, a plugin or a theme as a draft: rule = the WPVulnDB id (the uuid when
 * there is none, then the title), package location (slug, detected version, fixed_in; path = target
 * URL). Severity from the CVSS score when the report has one, else medium (WPScan rates nothing).
 */
export function wpscanVulnerabilityDraft(
  v: WpscanVulnerability,
  component: WpscanComponentKind,
  context: WpscanContext,
): FindingDraft {
  const refs = v.references ?? {};
  const vulnId = refs.wpvulndb?.[0] ?? v.uuid ?? undefined;
  const cvss = v.cvss?.vector ? cvssOf(v.cvss.vector, v.cvss.score ?? undefined) : undefined;
  const score = cvss?.score ?? (v.cvss?.score !== undefined ? Number(v.cvss.score) : undefined);
  const fixed = fixedIn(v);
  const label = component.name === 'wordpress' ? 'WordPress' : component.name;
  return {
    tool: { id: WPSCAN_SCANNER, name: 'WPScan', ...(context.version ? { version: context.version } : {}) },
    ruleId: vulnId ?? v.title,
    name: v.title,
    description: v.title,
    severity: severityFromScore(Number.isFinite(score) ? score : undefined),
    confidence: wpscanConfidence(component.confidence),
    category: 'Dependency',
    location: {
      kind: 'package',
      name: component.name,
      version: component.version,
      fixedVersion: fixed,
      ecosystem: component.ecosystem,
      path: context.targetUrl,
    },
    cve: (refs.cve ?? []).map((c) => (/^CVE-/i.test(c) ? c.toUpperCase() : `CVE-${c}`)),
    cvss,
    references: [
      ...(refs.wpvulndb ?? []).map((id) => `https://wpscan.com/vulnerability/${id}`),
      ...(refs.url ?? []).filter((u) => /^https?:\/\//i.test(u)),
      ...(refs.youtube ?? []).filter((u) => /^https?:\/\//i.test(u)),
      ...(refs.exploitdb ?? []).map((id) => `https://www.exploit-db.com/exploits/${id}`),
    ],
    mitigation: fixed ? `Update ${label} to ${fixed} or later.` : undefined,
    identifiedAt: context.startTime,
    attributes: {
      ...(vulnId ? { wpvulndb: vulnId } : {}),
      ...(typeof component.confidence === 'number' ? { detectionConfidence: component.confidence } : {}),
      ...(v.affected_versions !== undefined ? { affectedVersions: v.affected_versions } : {}),
    },
  };
}
