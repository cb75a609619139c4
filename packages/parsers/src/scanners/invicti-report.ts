import type { FindingDraft } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseOptions } from '../scanner-parser.js';
import {
  INVICTI_TOOL,
  invictiClassification,
  invictiConfidence,
  invictiDate,
  invictiParameter,
  invictiReportCvss,
} from './invicti-common.js';
import { cweIds } from './support/cwe-ids.js';
import { htmlToText, linksInHtml } from './support/html-to-text.js';
import { severityOf } from './support/severity-of.js';

const text = z.string().nullish();
/** One entry of `Vulnerabilities[]` in Invicti's/Netsparker's JSON vulnerabilities report. */
export const invictiReportVulnerabilitySchema = z.object({
  Name: z.string().min(1),
  Type: text,
  Url: z.string().min(1),
  Severity: z.string(),
  Certainty: z.union([z.number(), z.string()]).nullish(),
  Confirmed: z.boolean().nullish(),
  State: text,
  LookupId: text,
  FirstSeenDate: text,
  LastSeenDate: text,
  Classification: z.record(z.string(), z.unknown()).nullish(),
  Description: text,
  Impact: text,
  RemedialActions: text,
  RemedialProcedure: text,
  RemedyReferences: text,
  ExternalReferences: text,
  HttpRequest: z.object({ Method: text, Parameters: z.array(z.unknown()).nullish() }).nullish(),
  KnownVulnerabilities: z.array(z.object({ Severity: text, Title: text })).nullish(),
  Tags: z.array(z.string()).nullish(),
});
export type InvictiReportVulnerability = z.infer<typeof invictiReportVulnerabilitySchema>;

/** What the report says about the whole scan, copied into each finding. */
export interface InvictiReportContext {
  scanId?: string;
  target?: string;
  generated?: string;
}

const joinText = (...parts: (string | null | undefined)[]): string | undefined =>
  parts
    .map((p) => (p ? htmlToText(p) : ''))
    .filter((p) => p !== '')
    .join('\n\n') || undefined;

/**
 * A report vulnerability as a draft: URL location with the request method and the vulnerable
 * parameter(s); `stableId` is the LookupId, so re-imports keep their identity. HTTP request and
 * response bodies are not kept (they can carry cookies and tokens).
 */
export function invictiReportVulnerabilityToDraft(
  v: InvictiReportVulnerability,
  context: InvictiReportContext = {},
  options?: ParseOptions,
  at = '$',
): FindingDraft {
  const c = v.Classification ?? {};
  return {
    tool: INVICTI_TOOL,
    ruleId: v.Type || v.Name,
    name: v.Name,
    description: joinText(v.Description, v.Impact),
    severity: severityOf(v.Severity, options, `${at}.Severity`),
    category: 'DAST',
    confidence: invictiConfidence(v.Certainty, v.Confirmed),
    location: {
      kind: 'url',
      url: v.Url,
      method: v.HttpRequest?.Method || undefined,
      parameter: invictiParameter(v.HttpRequest?.Parameters),
    },
    cwe: cweIds(c.Cwe),
    cvss: invictiReportCvss(c),
    references: [...linksInHtml(v.RemedyReferences ?? ''), ...linksInHtml(v.ExternalReferences ?? '')],
    mitigation: joinText(v.RemedialProcedure, v.RemedialActions),
    identifiedAt: invictiDate(v.FirstSeenDate) ?? invictiDate(context.generated),
    stableId: v.LookupId || undefined,
    attributes: {
      ...(v.State ? { state: v.State } : {}),
      ...(v.Certainty !== undefined && v.Certainty !== null ? { certainty: Number(v.Certainty) } : {}),
      ...(typeof v.Confirmed === 'boolean' ? { confirmed: v.Confirmed } : {}),
      ...(invictiDate(v.LastSeenDate) ? { lastSeen: invictiDate(v.LastSeenDate) } : {}),
      ...(context.scanId ? { scanId: context.scanId } : {}),
      ...(context.target ? { target: context.target } : {}),
      ...(invictiDate(context.generated) ? { reportGenerated: invictiDate(context.generated) } : {}),
      classification: invictiClassification(c),
      ...(v.KnownVulnerabilities?.length ? { knownVulnerabilities: v.KnownVulnerabilities } : {}),
      ...(v.Tags?.length ? { tags: v.Tags } : {}),
    },
  };
}
