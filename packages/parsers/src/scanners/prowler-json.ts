import { z } from 'zod';
import type { ProwlerRecord } from './prowler-record.js';
import { urlOrUndefined } from './prowler-record.js';
import { nonBlankString } from './support/field-readers.js';
import { isRecord } from './support/parse-with.js';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (isRecord(v) ? v : {});
const text = (v: unknown): string | undefined => nonBlankString(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];

/** `{"CIS-1.4": ["1.20"], …}` → `["CIS-1.4: 1.20", …]`. */
function complianceOf(v: unknown): string[] {
  if (!isRecord(v)) return [];
  return Object.entries(v).map(([fw, ids]) => `${fw}: ${Array.isArray(ids) ? ids.join(', ') : String(ids)}`);
}

/** A prowler 4+/5 OCSF Detection Finding (json-ocsf output): only what identifies it is required. */
export const ocsfSchema = z
  .object({
    status_code: z.string(),
    metadata: z.object({ event_code: z.string().min(1) }).loose(),
    finding_info: z.object({ title: z.string().optional(), uid: z.string().optional() }).loose().optional(),
  })
  .loose();
export type OcsfFinding = z.infer<typeof ocsfSchema>;

export function fromOcsf(f: OcsfFinding): ProwlerRecord {
  const info = rec(f.finding_info);
  const resource = rec(Array.isArray(f.resources) ? f.resources[0] : undefined);
  const cloud = rec(f.cloud);
  const unmapped = rec(f.unmapped);
  const remediation = rec(f.remediation);
  const refs = strings(remediation.references);
  return {
    checkId: f.metadata.event_code,
    title: text(info.title),
    status: f.status_code,
    statusDetail: text(f.status_detail) ?? text(f.message),
    severity: text(f.severity),
    provider: text(cloud.provider),
    service: text(rec(resource.group).name),
    account: text(rec(cloud.account).uid),
    region: text(cloud.region) ?? text(resource.region),
    resourceUid: text(resource.uid),
    resourceName: text(resource.name),
    resourceType: text(resource.type),
    namespace: text(resource.namespace),
    findingUid: text(info.uid),
    time: text(info.created_time_dt) ?? text(f.time_dt),
    description: text(info.desc),
    risk: text(f.risk_details),
    relatedUrl: text(unmapped.related_url),
    remediation: text(remediation.desc),
    remediationCli: refs.find((r) => urlOrUndefined(r) === undefined),
    urls: [...refs, ...strings(unmapped.additional_urls)].filter((u) => urlOrUndefined(u) !== undefined),
    compliance: complianceOf(unmapped.compliance),
    // 4.x+: a muted failure keeps status_code FAIL and gets status "Suppressed" (and unmapped.muted).
    muted: f.status === 'Suppressed' || unmapped.muted === true,
    version: text(rec(rec(f.metadata).product).version),
  };
}

/** A prowler 3.x `-M json` result (pydantic Check_Output_JSON and its provider subclasses). */
export const v3Schema = z
  .object({
    CheckID: z.string().min(1),
    Status: z.string(),
    CheckTitle: z.string().optional(),
    Severity: z.string().optional(),
  })
  .loose();
export type V3Finding = z.infer<typeof v3Schema>;

export function fromV3(f: V3Finding): ProwlerRecord {
  const remediation = rec(f.Remediation);
  const recommendation = rec(remediation.Recommendation);
  return {
    checkId: f.CheckID,
    title: f.CheckTitle,
    status: f.Status,
    statusDetail: text(f.StatusExtended),
    severity: f.Severity,
    provider: text(f.Provider),
    service: text(f.ServiceName),
    account: text(f.AccountId) ?? text(f.Subscription) ?? text(f.ProjectId),
    region: text(f.Region) ?? text(f.Location),
    resourceUid: text(f.ResourceArn) ?? text(f.ResourceId),
    resourceName: text(f.ResourceName),
    resourceType: text(f.ResourceType),
    namespace: text(f.Namespace),
    findingUid: text(f.FindingUniqueId),
    time: text(f.AssessmentStartTime),
    description: text(f.Description),
    risk: text(f.Risk),
    relatedUrl: text(f.RelatedUrl),
    remediation: text(recommendation.Text),
    remediationUrl: text(recommendation.Url),
    remediationCli: text(rec(remediation.Code).CLI),
    urls: [],
    compliance: complianceOf(f.Compliance),
    muted: f.Muted === true,
    version: undefined,
  };
}
