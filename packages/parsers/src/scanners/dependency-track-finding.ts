import { type Finding, type Severity, severityFromCvssScore } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseOptions } from '../scanner-parser.js';
import { cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { nonBlankString, putString } from './support/field-readers.js';
import { isRecord } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'dependency-track';

/** Per report: what meta and project say. */
export interface DtContext {
  toolVersion: string | undefined;
  projectName: string | undefined;
  projectVersion: string | undefined;
  options: ParseOptions | undefined;
}

const text = z.string().nullish();
const num = z.number().nullish();

/** One entry of `findings[]`: every FPF version (1.0 of DT 3.x to 1.3 of DT 4.14). */
export const dtFindingSchema = z
  .object({
    component: z
      .object({
        name: z.string().min(1),
        version: text,
        group: text,
        purl: text,
        uuid: text,
        latestVersion: text,
      })
      .loose(),
    vulnerability: z
      .object({
        vulnId: z.union([z.string().min(1), z.number()]),
        source: text,
        uuid: text,
        title: text,
        subtitle: text,
        description: text,
        recommendation: text,
        references: text,
        severity: text,
        cweId: num,
        cwes: z.array(z.unknown()).nullish(),
        aliases: z.array(z.unknown()).nullish(),
        cvssV2BaseScore: num,
        cvssV2Vector: text,
        cvssV3BaseScore: num,
        cvssV3Vector: text,
        cvssV4Score: num,
        cvssV4Vector: text,
        epssScore: num,
        epssPercentile: num,
        published: text,
      })
      .loose(),
    analysis: z
      .object({
        state: text,
        isSuppressed: z.boolean().nullish(),
        detail: text,
        justification: text,
        response: text,
      })
      .loose()
      .nullish(),
    attribution: z
      .object({ analyzerIdentity: text, attributedOn: text, referenceUrl: text, alternateIdentifier: text })
      .loose()
      .nullish(),
    matrix: text,
  })
  .loose();
export type DtFinding = z.infer<typeof dtFindingSchema>;

/** DT severities; UNASSIGNED has no word of ours and is worked out from the CVSS score. */
const DT_SEVERITY: Readonly<Record<string, Severity>> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INFO: 'info',
};
/** The id members of an alias entry (DT 4.x `aliases[]`), in the order kept. */
const ALIAS_IDS = ['cveId', 'ghsaId', 'osvId', 'snykId', 'sonatypeId', 'gsdId', 'vulnDbId', 'internalId'];
/** URLs in DT's markdown reference list (`* [url](url)`); one quantifier, linear. */
const URL = /https?:\/\/[^\s)\]<>"]+/g;
/** DT dates are written `2024-01-31 15:19:45.978` (server time, taken as UTC) or ISO 8601. */
const DT_DATE = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)$/;

function dtDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = DT_DATE.exec(v.trim());
  const t = Date.parse(m ? `${m[1]}T${m[2]}Z` : v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function vulnIds(v: DtFinding['vulnerability']): string[] {
  const out = [String(v.vulnId)];
  for (const a of v.aliases ?? []) {
    if (!isRecord(a)) continue;
    for (const k of ALIAS_IDS) {
      const id = a[k];
      if (typeof id === 'string' && id !== '' && !out.includes(id)) out.push(id);
    }
  }
  return out;
}

function severity(v: DtFinding['vulnerability'], at: string, options: ParseOptions | undefined): Severity {
  const word = v.severity?.trim().toUpperCase();
  if (word === undefined || word === '' || word === 'UNASSIGNED') {
    const score = v.cvssV3BaseScore ?? v.cvssV4Score ?? v.cvssV2BaseScore;
    return typeof score === 'number' ? severityFromCvssScore(score) : 'info';
  }
  return severityOf(word, options, `${at}.vulnerability.severity`, DT_SEVERITY);
}

function references(v: DtFinding['vulnerability'], attribution: DtFinding['attribution']): string[] {
  const out: string[] = [];
  for (const m of (v.references ?? '').matchAll(URL)) if (!out.includes(m[0])) out.push(m[0]);
  const ref = attribution?.referenceUrl;
  if (ref && !out.includes(ref)) out.push(ref);
  return out;
}

function description(f: DtFinding): string | undefined {
  const v = f.vulnerability;
  const parts: string[] = [];
  if (nonBlankString(v.title)) parts.push(`Vulnerability Title: ${v.title}`);
  if (nonBlankString(v.subtitle)) parts.push(`Vulnerability Subtitle: ${v.subtitle}`);
  if (nonBlankString(v.description)) parts.push(v.description!.trim());
  if (nonBlankString(f.analysis?.detail)) parts.push(`Audit Detail: ${f.analysis!.detail!.trim()}`);
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

function attributesOf(f: DtFinding, c: DtContext): Record<string, unknown> {
  const v = f.vulnerability;
  const a: Record<string, unknown> = {};
  putString(a, 'source', v.source);
  putString(a, 'vulnerabilityUuid', v.uuid);
  putString(a, 'componentUuid', f.component.uuid);
  putString(a, 'group', f.component.group);
  putString(a, 'latestVersion', f.component.latestVersion);
  putString(a, 'project', c.projectName);
  putString(a, 'projectVersion', c.projectVersion);
  putString(a, 'analysisState', f.analysis?.state);
  putString(a, 'analysisJustification', f.analysis?.justification);
  putString(a, 'analysisResponse', f.analysis?.response);
  if (f.analysis?.isSuppressed) a.suppressed = true;
  putString(a, 'analyzer', f.attribution?.analyzerIdentity);
  putString(a, 'cvssV4Vector', v.cvssV4Vector);
  if (typeof v.cvssV4Score === 'number') a.cvssV4Score = v.cvssV4Score;
  if (typeof v.epssScore === 'number') a.epssScore = v.epssScore;
  if (typeof v.epssPercentile === 'number') a.epssPercentile = v.epssPercentile;
  const published = dtDate(v.published);
  if (published) a.published = published;
  return a;
}

/** One FPF finding: a vulnerability in a component of the project; `matrix` is its stable id. */
export function toDependencyTrackFinding(f: DtFinding, at: string, c: DtContext): Finding {
  const v = f.vulnerability;
  const vulnId = String(v.vulnId);
  const { name, version, purl } = f.component;
  const source = nonBlankString(v.source);
  const cvss =
    cvssOf(v.cvssV3Vector, v.cvssV3BaseScore) ??
    cvssOf(v.cvssV4Vector, v.cvssV4Score) ??
    cvssOf(v.cvssV2Vector?.replace(/^\((.*)\)$/, '$1'), v.cvssV2BaseScore, '2.0');
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: { id: SCANNER, name: 'Dependency-Track', ...(c.toolVersion ? { version: c.toolVersion } : {}) },
      ruleId: vulnId,
      name: `${name}:${version ?? ''} affected by: ${vulnId}${source ? ` (${source})` : ''}`,
      description: description(f),
      severity: severity(v, at, c.options),
      category: 'SCA',
      location: {
        kind: 'package',
        name,
        ...(version ? { version } : {}),
        ...(purl ? { purl, ecosystem: /^pkg:([A-Za-z0-9.+-]+)\//.exec(purl)?.[1] } : {}),
      },
      cwe: cweIds(v.cwes && v.cwes.length > 0 ? v.cwes : v.cweId),
      cve: vulnIds(v),
      cvss,
      references: references(v, f.attribution),
      mitigation: nonBlankString(v.recommendation)?.trim(),
      identifiedAt: dtDate(f.attribution?.attributedOn),
      stableId: nonBlankString(f.matrix),
      attributes: attributesOf(f, c),
    },
  );
}
