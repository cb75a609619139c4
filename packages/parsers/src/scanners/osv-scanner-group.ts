import {
  type FindingDraft,
  type Severity,
  severityFromCvssScore,
  severityRank,
} from '@scanrelay/findings-schema';
import { z } from 'zod';
import { nextFixedVersion } from './support/compare-versions.js';
import { cvss3BaseScore, cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { severityOf } from './support/severity-of.js';

/**
 * OSV `severity[]` entries: `CVSS_V2`/`CVSS_V3`/`CVSS_V4` vectors, and since osv-scanner 2.1 (OSV
 * schema 1.7) `Ubuntu` with a priority word. Entries missing either field are ignored, not refused.
 */
const severityListSchema = z
  .array(z.object({ type: z.string().nullish(), score: z.string().nullish() }).loose())
  .nullish();

const affectedSchema = z
  .object({
    package: z
      .object({ name: z.string().nullish(), ecosystem: z.string().nullish(), purl: z.string().nullish() })
      .loose()
      .nullish(),
    ranges: z
      .array(z.object({ events: z.array(z.record(z.string(), z.unknown())).nullish() }).loose())
      .nullish(),
    // per-package severity: OSV schema 1.5
    severity: severityListSchema,
    database_specific: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();
export const osvVulnerabilitySchema = z
  .object({
    id: z.string().min(1),
    aliases: z.array(z.string()).nullish(),
    summary: z.string().nullish(),
    details: z.string().nullish(),
    published: z.string().nullish(),
    modified: z.string().nullish(),
    severity: severityListSchema,
    affected: z.array(affectedSchema).nullish(),
    references: z.array(z.object({ url: z.string().nullish() }).loose()).nullish(),
    database_specific: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();
export type OsvVulnerability = z.infer<typeof osvVulnerabilitySchema>;

export interface OsvPackageContext {
  name: string;
  version?: string;
  ecosystem?: string;
  sourcePath?: string;
  sourceType?: string;
}

type SeverityEntry = { type?: string | null; score?: string | null };
/** The vulnerability's own and its affected packages' severity entries. */
const severityEntries = (v: OsvVulnerability): SeverityEntry[] => [
  ...(v.severity ?? []),
  ...(v.affected ?? []).flatMap((a) => a.severity ?? []),
];

/**
 * The highest of: the word databases put in `database_specific.severity` (GHSA: LOW, MODERATE, HIGH,
 * CRITICAL), CVSS 3 vectors, and Ubuntu priority words (negligible, low, medium, high, critical).
 */
function vulnSeverity(v: OsvVulnerability): Severity | undefined {
  const found: Severity[] = [];
  const word = v.database_specific?.severity;
  if (typeof word === 'string') found.push(severityOf(word, undefined, ''));
  for (const s of severityEntries(v)) {
    if (!s.type || !s.score) continue;
    if (/^CVSS_V3/.test(s.type)) {
      const score = cvss3BaseScore(s.score);
      if (score !== undefined) found.push(severityFromCvssScore(score));
    } else if (s.type === 'Ubuntu') {
      const ubuntu = UBUNTU_PRIORITY[s.score.toLowerCase()];
      if (ubuntu) found.push(ubuntu);
    }
  }
  return highest(found);
}

const UBUNTU_PRIORITY: Readonly<Record<string, Severity>> = {
  negligible: 'info',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

const highest = (list: readonly Severity[]): Severity | undefined =>
  list.reduce<Severity | undefined>(
    (a, b) => (a === undefined || severityRank[b] > severityRank[a] ? b : a),
    undefined,
  );

/**
 * One osv-scanner group (the same vulnerability under several ids, e.g. a GHSA and a PYSEC entry) as
 * one finding. Severity is the highest of the group's `max_severity`, the members' database severity
 * and their CVSS 3 vectors; a malicious-package entry (`MAL-…`) with none is critical; anything else
 * with none is medium, with `attributes.severitySource: "none"`.
 */
export function osvGroupToDraft(
  members: readonly OsvVulnerability[],
  group: {
    ids: readonly string[];
    aliases?: readonly string[] | null;
    max_severity?: string | number | null;
  },
  pkg: OsvPackageContext,
): FindingDraft {
  const primary = members[0]!;
  const maxScore =
    group.max_severity === '' || group.max_severity == null ? Number.NaN : Number(group.max_severity);
  const found = [
    ...members.map(vulnSeverity),
    Number.isFinite(maxScore) ? severityFromCvssScore(maxScore) : undefined,
  ];
  const known = highest(found.filter((s): s is Severity => s !== undefined));
  const isMalicious = group.ids.some((id) => id.startsWith('MAL-'));
  const severity = known ?? (isMalicious ? 'critical' : 'medium');
  const affected = members.flatMap((m) => m.affected ?? []);
  const own = affected.filter(
    (a) => !a.package?.name || a.package.name.toLowerCase() === pkg.name.toLowerCase(),
  );
  const fixed = own.flatMap((a) =>
    (a.ranges ?? []).flatMap((r) =>
      (r.events ?? []).map((e) => e.fixed).filter((f): f is string => typeof f === 'string' && f !== ''),
    ),
  );
  const fixedVersion = nextFixedVersion(pkg.version, fixed);
  const vector = members
    .flatMap(severityEntries)
    .find((s) => s.score && /^CVSS_V[34]/.test(s.type ?? ''))?.score;
  const purl = own.find((a) => a.package?.purl)?.package?.purl;
  const cwe = cweIds([
    ...members.map((m) => m.database_specific?.cwe_ids),
    ...affected.map((a) => a.database_specific?.cwes),
  ]);
  return {
    tool: { id: 'osv-scanner', name: 'OSV-Scanner' },
    ruleId: group.ids[0] ?? primary.id,
    name: members.find((m) => m.summary)?.summary || primary.id,
    description: members.find((m) => m.details)?.details?.trim() || undefined,
    severity,
    category: 'SCA',
    location: {
      kind: 'package',
      name: pkg.name,
      version: pkg.version,
      fixedVersion,
      ecosystem: pkg.ecosystem,
      purl: purl && pkg.version && !purl.includes('@') ? `${purl}@${pkg.version}` : (purl ?? undefined),
      path: pkg.sourcePath,
    },
    cwe,
    cve: [
      ...new Set([
        ...group.ids,
        ...(group.aliases ?? []),
        ...members.flatMap((m) => [m.id, ...(m.aliases ?? [])]),
      ]),
    ],
    cvss: vector ? cvssOf(vector) : Number.isFinite(maxScore) ? cvssOf(undefined, maxScore) : undefined,
    references: [
      ...new Set(members.flatMap((m) => (m.references ?? []).flatMap((r) => (r.url ? [r.url] : [])))),
    ].slice(0, 25),
    mitigation: fixed.length
      ? `Upgrade ${pkg.name}${pkg.version ? ` from ${pkg.version}` : ''} to ${fixedVersion}. Fixed in: ${[...new Set(fixed)].join(', ')}.`
      : undefined,
    attributes: {
      ids: group.ids,
      ...(known ? {} : { severitySource: 'none' }),
      ...(pkg.sourceType ? { sourceType: pkg.sourceType } : {}),
      ...(primary.published ? { published: primary.published } : {}),
      ...(primary.modified ? { modified: primary.modified } : {}),
    },
  };
}
