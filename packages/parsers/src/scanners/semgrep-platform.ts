import type { FindingDraft } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseOptions } from '../scanner-parser.js';
import { SEMGREP_SEVERITY } from './semgrep-severity.js';
import { cweIds } from './support/cwe-ids.js';
import { isoDate, positiveInteger } from './support/field-readers.js';
import { parseWith } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';

const texts = z.array(z.string()).nullish();
const findingSchema = z
  .object({
    id: z.union([z.number(), z.string()]).optional(),
    match_based_id: z.string().nullish(),
    syntactic_id: z.string().nullish(),
    ref: z.string().nullish(),
    repository: z.object({ name: z.string().optional(), url: z.string().optional() }).loose().nullish(),
    line_of_code_url: z.string().nullish(),
    triage_state: z.string().nullish(),
    triage_reason: z.string().nullish(),
    state: z.string().nullish(),
    status: z.string().nullish(),
    severity: z.string(),
    confidence: z.string().nullish(),
    categories: texts,
    created_at: z.string().nullish(),
    rule_name: z.string().min(1),
    rule_message: z.string().nullish(),
    location: z
      .object({
        file_path: z.string().min(1),
        line: z.number().int().nonnegative().nullish(),
        column: z.number().int().nonnegative().nullish(),
        end_line: z.number().int().nonnegative().nullish(),
        end_column: z.number().int().nonnegative().nullish(),
      })
      .loose(),
    rule: z
      .object({
        cwe_names: texts,
        owasp_names: texts,
        vulnerability_classes: texts,
        subcategories: texts,
      })
      .loose()
      .nullish(),
    assistant: z
      .object({
        autofix: z.object({ fix_code: z.string().optional() }).loose().nullish(),
        guidance: z
          .object({ summary: z.string().optional(), instructions: z.string().optional() })
          .loose()
          .nullish(),
        autotriage: z.object({ verdict: z.string().optional() }).loose().nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();

/** The platform's guidance and autofix as one mitigation text, or undefined. */
function mitigationOf(a: z.infer<typeof findingSchema>['assistant']): string | undefined {
  const parts = [a?.guidance?.summary, a?.guidance?.instructions, a?.autofix?.fix_code]
    .map((s) => s?.trim())
    .filter((s): s is string => !!s);
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

/**
 * One entry of the Semgrep AppSec Platform findings export (`GET /api/v1/deployments/<slug>/findings`,
 * `{findings: [...]}`, what DefectDojo calls "Semgrep Pro JSON") as a draft. The rule is `rule_name`
 * (the CLI's check_id); the stable id is `match_based_id`, the CLI's fingerprint.
 */
export function semgrepPlatformDraft(
  raw: unknown,
  at: string,
  options: ParseOptions | undefined,
): FindingDraft {
  const f = parseWith(
    'semgrep',
    findingSchema,
    raw,
    at,
    'a Semgrep platform finding {rule_name, severity, location.file_path}',
  );
  const loc = f.location;
  const startLine = positiveInteger(loc.line);
  const endLine = positiveInteger(loc.end_line);
  const conf = f.confidence?.toLowerCase();
  return {
    tool: { id: 'semgrep', name: 'Semgrep' },
    ruleId: f.rule_name,
    name: f.rule_name,
    description: f.rule_message?.trim() || undefined,
    severity: severityOf(f.severity, options, `${at}.severity`, SEMGREP_SEVERITY),
    category: 'SAST',
    confidence: conf === 'high' || conf === 'medium' || conf === 'low' ? conf : undefined,
    location: {
      kind: 'source',
      file: loc.file_path,
      startLine,
      endLine: endLine !== undefined && startLine !== undefined && endLine >= startLine ? endLine : undefined,
      column: positiveInteger(loc.column),
      endColumn: positiveInteger(loc.end_column),
    },
    cwe: cweIds(f.rule?.cwe_names),
    references: f.line_of_code_url && /^https?:\/\//.test(f.line_of_code_url) ? [f.line_of_code_url] : [],
    mitigation: mitigationOf(f.assistant),
    identifiedAt: isoDate(f.created_at),
    stableId: f.match_based_id || undefined,
    attributes: {
      ...(f.id !== undefined ? { platformId: f.id } : {}),
      ...(f.status ? { status: f.status } : {}),
      ...(f.state ? { state: f.state } : {}),
      ...(f.triage_state ? { triageState: f.triage_state } : {}),
      ...(f.triage_reason ? { triageReason: f.triage_reason } : {}),
      ...(f.repository?.name ? { repository: f.repository.name } : {}),
      ...(f.ref ? { ref: f.ref } : {}),
      ...(f.categories?.length ? { ruleCategory: f.categories } : {}),
      ...(f.rule?.owasp_names?.length ? { owasp: f.rule.owasp_names } : {}),
      ...(f.rule?.vulnerability_classes?.length
        ? { vulnerabilityClasses: f.rule.vulnerability_classes }
        : {}),
      ...(f.assistant?.autotriage?.verdict ? { autotriageVerdict: f.assistant.autotriage.verdict } : {}),
    },
  };
}
