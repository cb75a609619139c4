import type { Cvss, Finding, FindingDraft } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseOptions } from '../scanner-parser.js';
import {
  INVICTI_TOOL,
  invictiClassification,
  invictiConfidence,
  invictiDate,
  invictiParameter,
} from './invicti-common.js';
import { cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { htmlToText, linksInHtml } from './support/html-to-text.js';
import { parseWith } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const text = z.string().nullish();
const scoreMap = z
  .record(z.string(), z.object({ Severity: z.unknown().optional(), Value: z.unknown().optional() }).nullish())
  .nullish();

/**
 * An issue as the Invicti Enterprise API v1 returns it (`IssueApiModel` / `AllIssuesApiModel` from
 * `GET /api/1.0/issues/allissues`, `issues/get/{id}`…). Only the fields we read are listed; others pass.
 */
export const invictiIssueSchema = z
  .object({
    Id: text,
    Title: z.string().min(1),
    Type: text,
    Url: z.string().min(1),
    Severity: z.string(),
    State: text,
    Certainty: z.union([z.number(), z.string()]).nullish(),
    IsPresent: z.boolean().nullish(),
    IsAddressed: z.boolean().nullish(),
    LatestVulnerabilityIsConfirmed: z.boolean().nullish(),
    FirstSeenDate: text,
    LastSeenDate: text,
    LatestScanId: text,
    WebsiteId: text,
    WebsiteName: text,
    WebsiteRootUrl: text,
    Parameters: z.array(z.unknown()).nullish(),
    VulnerabilityDetail: text,
    Impact: text,
    Remedy: text,
    Actions: text,
    RemedyReferences: text,
    ExternalReferences: text,
    Classification: z.record(z.string(), z.unknown()).nullish(),
    CvssVectorString: text,
    Cvss31VectorString: text,
    Cvss40VectorString: text,
    CvssVector: scoreMap,
    Cvss31Vector: scoreMap,
    Cvss40Vector: scoreMap,
    Tags: z.array(z.string()).nullish(),
  })
  .loose();
export type InvictiIssue = z.infer<typeof invictiIssueSchema>;

/** The base score in an API score map (`{Base: {Severity, Value}}`), if any. */
function baseScore(map: InvictiIssue['CvssVector']): unknown {
  for (const [k, v] of Object.entries(map ?? {})) if (/base/i.test(k) && v) return v.Value;
  return undefined;
}

function issueCvss(i: InvictiIssue): Cvss | undefined {
  return (
    (i.Cvss31VectorString ? cvssOf(i.Cvss31VectorString, baseScore(i.Cvss31Vector)) : undefined) ??
    (i.CvssVectorString ? cvssOf(i.CvssVectorString, baseScore(i.CvssVector)) : undefined) ??
    (i.Cvss40VectorString ? cvssOf(i.Cvss40VectorString, baseScore(i.Cvss40Vector)) : undefined)
  );
}

const joinText = (...parts: (string | null | undefined)[]): string | undefined =>
  parts
    .map((p) => (p ? htmlToText(p) : ''))
    .filter((p) => p !== '')
    .join('\n\n') || undefined;

/**
 * Maps one Invicti API issue to a finding draft (URL location with the issue's parameters;
 * `stableId` = the issue Id, which is also the report's LookupId). Validates nothing: see
 * `invictiIssueToFinding` for untrusted input.
 */
export function invictiIssueToDraft(issue: InvictiIssue, options?: ParseOptions, at = '$'): FindingDraft {
  const c = issue.Classification ?? {};
  return {
    tool: INVICTI_TOOL,
    ruleId: issue.Type || issue.Title,
    name: issue.Title,
    description: joinText(issue.VulnerabilityDetail, issue.Impact),
    severity: severityOf(issue.Severity, options, `${at}.Severity`),
    category: 'DAST',
    confidence: invictiConfidence(issue.Certainty, issue.LatestVulnerabilityIsConfirmed),
    location: { kind: 'url', url: issue.Url, parameter: invictiParameter(issue.Parameters) },
    cwe: cweIds(c.Cwe),
    cvss: issueCvss(issue),
    references: [
      ...linksInHtml(issue.RemedyReferences ?? ''),
      ...linksInHtml(issue.ExternalReferences ?? ''),
    ],
    mitigation: joinText(issue.Remedy, issue.Actions),
    identifiedAt: invictiDate(issue.FirstSeenDate),
    stableId: issue.Id || undefined,
    attributes: {
      ...(issue.State ? { state: issue.State } : {}),
      ...(issue.Certainty !== undefined && issue.Certainty !== null
        ? { certainty: Number(issue.Certainty) }
        : {}),
      ...(typeof issue.IsPresent === 'boolean' ? { present: issue.IsPresent } : {}),
      ...(typeof issue.IsAddressed === 'boolean' ? { addressed: issue.IsAddressed } : {}),
      ...(invictiDate(issue.LastSeenDate) ? { lastSeen: invictiDate(issue.LastSeenDate) } : {}),
      ...(issue.LatestScanId ? { scanId: issue.LatestScanId } : {}),
      ...(issue.WebsiteName ? { website: issue.WebsiteName } : {}),
      ...(issue.WebsiteRootUrl ? { target: issue.WebsiteRootUrl } : {}),
      classification: invictiClassification(c),
      ...(issue.Tags?.length ? { tags: issue.Tags } : {}),
    },
  };
}

/**
 * Validates an untrusted Invicti API issue and returns the canonical finding; a malformed issue
 * throws ParseError (scanner `invicti`) naming the field. This is what `@scanrelay/invicti-client` uses.
 */
export function invictiIssueToFinding(issue: unknown, options?: ParseOptions, at = '$'): Finding {
  const parsed = parseWith(
    'invicti',
    invictiIssueSchema,
    issue,
    at,
    'an Invicti issue {Title, Url, Severity}',
  );
  return toFinding('invicti', { path: at }, invictiIssueToDraft(parsed, options, at));
}
