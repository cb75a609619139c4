import type { FindingDraft } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseOptions } from '../scanner-parser.js';
import { cweIds } from './support/cwe-ids.js';
import { positiveIntegerLike } from './support/field-readers.js';
import { parseWith } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';

const dependency = z
  .object({ name: z.string().optional(), versionSpecifier: z.string().optional() })
  .nullish();
const intLike = z.union([z.number(), z.string()]).nullish();
const vulnSchema = z.object({
  title: z.string().min(1),
  advisory: z.object({
    ruleId: z.string().min(1),
    title: z.string().optional(),
    description: z.string().optional(),
    ecosystem: z.string().optional(),
    severity: z.string(),
    references: z
      .object({
        cveIds: z.array(z.string()).nullish(),
        cweIds: z.unknown().optional(),
        owaspIds: z.array(z.string()).nullish(),
        urls: z.array(z.string()).nullish(),
      })
      .optional(),
  }),
  dependencyFileLocation: z.object({ path: z.string().min(1), startLine: intLike, startCol: intLike }),
  matchedDependency: dependency,
  closestSafeDependency: dependency,
  exposureType: z.string().optional(),
  repositoryName: z.string().optional(),
  transitivity: z.string().optional(),
  openedAt: z.string().optional(),
  triage: z.object({ status: z.string().optional() }).nullish(),
  groupKey: z.string().optional(),
});

/**
 * One entry of the Semgrep AppSec Platform supply-chain export (`GET …/ssc-vulns`, `{vulns, hasMore,
 * cursor}`) as a draft. The location is the manifest line, as Semgrep shows it; the package is in
 * `attributes.package`.
 */
export function semgrepSupplyChainDraft(
  raw: unknown,
  at: string,
  options: ParseOptions | undefined,
): FindingDraft {
  const v = parseWith(
    'semgrep',
    vulnSchema,
    raw,
    at,
    'a semgrep supply-chain vuln {title, advisory, dependencyFileLocation}',
  );
  const refs = v.advisory.references;
  const pkg = v.matchedDependency?.name;
  const safe = v.closestSafeDependency?.versionSpecifier;
  const ghsa = (refs?.urls ?? []).map((u) => /\/(GHSA-[\w-]+)$/.exec(u)?.[1]).filter((x): x is string => !!x);
  return {
    tool: { id: 'semgrep', name: 'Semgrep' },
    ruleId: v.advisory.ruleId,
    name: v.title,
    description: v.advisory.description?.trim() || undefined,
    severity: severityOf(v.advisory.severity, options, `${at}.advisory.severity`),
    category: 'SCA',
    location: {
      kind: 'source',
      file: v.dependencyFileLocation.path,
      startLine: positiveIntegerLike(v.dependencyFileLocation.startLine),
    },
    cwe: cweIds(refs?.cweIds),
    cve: [...new Set([...(refs?.cveIds ?? []), ...ghsa])],
    references: refs?.urls ?? [],
    mitigation: pkg && safe ? `Upgrade ${pkg} to ${safe}` : undefined,
    identifiedAt:
      v.openedAt && !Number.isNaN(Date.parse(v.openedAt)) ? new Date(v.openedAt).toISOString() : undefined,
    attributes: {
      package: {
        name: pkg,
        version: v.matchedDependency?.versionSpecifier,
        fixedVersion: safe,
        ecosystem: v.advisory.ecosystem,
      },
      ...(v.exposureType ? { exposure: v.exposureType } : {}),
      ...(v.transitivity ? { transitivity: v.transitivity } : {}),
      ...(v.triage?.status ? { triageStatus: v.triage.status } : {}),
      ...(v.repositoryName ? { repository: v.repositoryName } : {}),
      ...(refs?.owaspIds?.length ? { owasp: refs.owaspIds } : {}),
    },
  };
}
