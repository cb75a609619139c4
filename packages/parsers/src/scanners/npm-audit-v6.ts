import type { FindingDraft } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseOptions } from '../scanner-parser.js';
import { cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { ghsaFromUrl, npmPurl, simpleFixedVersion } from './support/npm-purl.js';
import { severityOf } from './support/severity-of.js';

const text = z.string().nullish();
export const npmV6AdvisorySchema = z.object({
  id: z.union([z.number(), z.string()]),
  title: z.string().min(1),
  module_name: z.string().min(1),
  severity: z.string(),
  findings: z.array(
    z.object({
      version: z.string().optional(),
      paths: z.array(z.string()).optional(),
      dev: z.boolean().optional(),
    }),
  ),
  cves: z.array(z.string()).nullish(),
  cwe: z.unknown().optional(),
  github_advisory_id: text,
  vulnerable_versions: text,
  patched_versions: text,
  overview: text,
  recommendation: text,
  references: text,
  url: text,
  cvss: z.object({ score: z.number().nullish(), vectorString: text }).nullish(),
});
export type NpmV6Advisory = z.infer<typeof npmV6AdvisorySchema>;

/** npm replaces git dependencies' names by a 64-hex hash that changes on every run. */
const censorHashes = (path: string): string => path.replace(/[a-f0-9]{64}/g, 'censored_by_npm_audit');

/**
 * One npm 6 advisory → one finding (as DefectDojo): the package's first reported version is the
 * location version, every installed version is in `attributes.versions`.
 */
export function npmAdvisoryToDraft(
  a: NpmV6Advisory,
  options: ParseOptions | undefined,
  at: string,
): FindingDraft {
  const ghsa = a.github_advisory_id || ghsaFromUrl(a.url);
  const versions = [...new Set(a.findings.map((f) => f.version).filter((v): v is string => !!v))];
  const paths = a.findings.flatMap((f) => f.paths ?? []);
  const refs = [a.url, ...Array.from((a.references ?? '').matchAll(/https?:\/\/[^\s)\]>"']+/g), (m) => m[0])];
  const hasCvss = a.cvss && (a.cvss.vectorString || (a.cvss.score ?? 0) > 0);
  return {
    tool: { id: 'npm-audit', name: 'npm audit' },
    ruleId: ghsa ?? `npm:${a.id}`,
    name: a.title.trim(),
    description: a.overview?.trim() || undefined,
    severity: severityOf(a.severity, options, `${at}.severity`),
    category: 'SCA',
    location: {
      kind: 'package',
      name: a.module_name,
      version: versions[0],
      fixedVersion: simpleFixedVersion(a.patched_versions),
      ecosystem: 'npm',
      purl: npmPurl(a.module_name, versions[0]),
    },
    cwe: cweIds(a.cwe),
    cve: [...new Set([...(a.cves ?? []), ...(ghsa ? [ghsa] : [])])],
    cvss: hasCvss ? cvssOf(a.cvss?.vectorString, a.cvss?.score) : undefined,
    references: [...new Set(refs.filter((r): r is string => !!r))],
    mitigation: a.recommendation?.trim() || undefined,
    attributes: {
      advisoryId: a.id,
      ...(a.vulnerable_versions ? { vulnerableVersions: a.vulnerable_versions } : {}),
      ...(a.patched_versions ? { patchedVersions: a.patched_versions } : {}),
      versions,
      ...(paths[0] ? { dependencyPath: censorHashes(paths[0]) } : {}),
      paths: paths.length,
      ...(a.findings[0]?.dev !== undefined ? { dev: a.findings[0].dev } : {}),
    },
  };
}
