import { z } from 'zod';

const text = z.string().nullish();

/**
 * One entry of `data[]` of the Xray 2.x JSON export ("JFrog Xray Scan" in DefectDojo):
 * `{total_count, data: [{id, severity, summary, component, source_id, source_comp_id,
 * component_versions: {vulnerable_versions, fixed_versions, more_details: {cves, description}}}]}`.
 * CVSS scores come in Red Hat's `score/vector` form (`7.5/CVSS:3.0/AV:N/…`).
 */
export const xrayV2IssueSchema = z
  .object({
    id: text,
    severity: text,
    summary: text,
    issue_type: text,
    provider: text,
    component: text,
    source_id: text,
    source_comp_id: z.string().min(1),
    component_versions: z
      .object({
        vulnerable_versions: z.array(z.string()).nullish(),
        fixed_versions: z.array(z.string()).nullish(),
        more_details: z
          .object({
            cves: z
              .array(
                z
                  .object({ cve: text, cwe: z.array(z.string()).nullish(), cvss_v2: text, cvss_v3: text })
                  .loose(),
              )
              .nullish(),
            description: text,
            provider: text,
          })
          .loose()
          .nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();
export type XrayV2Issue = z.infer<typeof xrayV2IssueSchema>;

/** `7.5/CVSS:3.0/AV:N/…` → vector and score; a bare score or vector is kept as it is. */
function redHatCvss(raw: string | null | undefined): { score?: string; vector?: string } {
  const v = raw?.trim() ?? '';
  const slash = v.indexOf('/');
  const head = slash < 0 ? v : v.slice(0, slash);
  if (/^\d{1,2}(\.\d)?$/.test(head))
    return { score: head, vector: slash < 0 ? undefined : v.slice(slash + 1) };
  return { vector: v || undefined };
}

/** The v2 issue in the shape of a 3.x report row, so one mapping serves both. */
export function xrayV2Row(issue: XrayV2Issue) {
  const details = issue.component_versions?.more_details;
  const cves = (details?.cves ?? []).map((c) => {
    const v3 = redHatCvss(c.cvss_v3);
    const v2 = redHatCvss(c.cvss_v2);
    return {
      cve: c.cve,
      cwe: c.cwe,
      cvss_v3_score: v3.score,
      cvss_v3_vector: v3.vector,
      cvss_v2_score: v2.score,
      cvss_v2_vector: v2.vector,
    };
  });
  return {
    vulnerable_component: issue.source_comp_id,
    issue_id: issue.id,
    summary: issue.summary,
    description: details?.description ?? issue.summary,
    severity: issue.severity,
    cves,
    fixed_versions: issue.component_versions?.fixed_versions,
    provider: issue.provider ?? details?.provider,
  };
}
