import type { FindingDraft } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseOptions } from '../scanner-parser.js';
import { nextFixedVersion } from './support/compare-versions.js';
import { cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { severityOf } from './support/severity-of.js';

const upgradeSchema = z.record(
  z.string(),
  z.object({
    upgradeTo: z.string().nullish(),
    upgrades: z.array(z.string()).optional(),
    vulns: z.array(z.string()).optional(),
  }),
);

/** The project-level fields of `snyk test --json` (Open Source and Container) that findings use. */
export const snykProjectSchema = z.object({
  vulnerabilities: z.array(z.unknown()),
  projectName: z.string().nullish(),
  displayTargetFile: z.string().nullish(),
  targetFile: z.string().nullish(),
  path: z.string().nullish(),
  packageManager: z.string().nullish(),
  remediation: z.object({ upgrade: upgradeSchema.nullish() }).loose().nullish(),
  docker: z.object({ baseImage: z.string().nullish() }).loose().nullish(),
});
export type SnykProject = z.infer<typeof snykProjectSchema>;

export const snykVulnerabilitySchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  severity: z.string(),
  severityWithCritical: z.string().nullish(),
  description: z.string().nullish(),
  packageName: z.string().min(1),
  version: z.string().nullish(),
  from: z.array(z.string()).nullish(),
  upgradePath: z.array(z.union([z.string(), z.boolean()])).nullish(),
  fixedIn: z.array(z.string()).nullish(),
  isUpgradable: z.boolean().nullish(),
  isPatchable: z.boolean().nullish(),
  // a number; some Snyk Container entries write it as text
  cvssScore: z.union([z.number(), z.string()]).nullish(),
  CVSSv3: z.string().nullish(),
  // lists of ids; older CLIs wrote some as a single value (`"NSP": 1234`)
  identifiers: z
    .record(
      z.string(),
      z.union([z.array(z.union([z.string(), z.number()])), z.string(), z.number()]).nullish(),
    )
    .nullish(),
  references: z.array(z.object({ url: z.string().nullish(), title: z.string().nullish() }).loose()).nullish(),
  epssDetails: z.object({ probability: z.unknown(), percentile: z.unknown() }).loose().nullish(),
  exploit: z.string().nullish(),
  type: z.string().nullish(),
  license: z.string().nullish(),
});
export type SnykVulnerability = z.infer<typeof snykVulnerabilitySchema>;

/** `a@1 > b@2 > c@3` → `a > b > c` (as DefectDojo writes the dependency path). */
const withoutVersions = (from: readonly string[]): string =>
  from.map((p) => (p.lastIndexOf('@') > 0 ? p.slice(0, p.lastIndexOf('@')) : p)).join(' > ');

/** The text of the description's "## Remediation" section, if it has one. */
function remediationSection(description: string | null | undefined): string | undefined {
  const m = /^## Remediation\s*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(description ?? '');
  return m?.[1]?.trim() || undefined;
}

function mitigation(v: SnykVulnerability, project: SnykProject): { text?: string; upgradeTo?: string } {
  const lines: string[] = [];
  const from = v.from ?? [];
  // The first dependency on the path that must change (an entry equal to `from` is a re-resolution).
  const step = (v.upgradePath ?? []).findIndex((p, i) => i > 0 && typeof p === 'string' && p !== from[i]);
  if (step > 0) lines.push(`Upgrade ${from[step] ?? 'the dependency'} to ${v.upgradePath?.[step]}.`);
  let upgradeTo: string | undefined;
  for (const [current, u] of Object.entries(project.remediation?.upgrade ?? {})) {
    if (!u.upgradeTo || !u.vulns?.includes(v.id)) continue;
    upgradeTo ??= u.upgradeTo;
    const also = u.upgrades?.length ? ` This also upgrades: ${[...new Set(u.upgrades)].join(', ')}.` : '';
    lines.push(`Upgrade from ${current} to ${u.upgradeTo} to fix this issue.${also}`);
  }
  if (lines.length === 0 && v.fixedIn?.length)
    lines.push(`Upgrade ${v.packageName} to ${v.fixedIn.join(' or ')}.`);
  if (v.isPatchable) lines.push('A Snyk patch is available.');
  const section = remediationSection(v.description);
  const text = [section, ...lines].filter(Boolean).join('\n');
  return { text: text || undefined, upgradeTo };
}

const ids = (v: SnykVulnerability, k: string): string[] =>
  [v.identifiers?.[k] ?? []]
    .flat()
    .map(String)
    .filter((s) => s !== '');

/**
 * One Snyk Open Source / Container vulnerability entry as a draft. Snyk lists one entry per
 * dependency path; identical issues (same id, package, version and target) get the same fingerprint
 * and are merged by the parser, their paths collected in `attributes.dependencyPaths`.
 */
export function snykVulnerabilityToDraft(
  v: SnykVulnerability,
  project: SnykProject,
  options: ParseOptions | undefined,
  at: string,
): FindingDraft {
  const target = project.displayTargetFile || project.targetFile || project.path || undefined;
  const fix = mitigation(v, project);
  const path = v.from?.length ? withoutVersions(v.from) : undefined;
  const epss = v.epssDetails
    ? { probability: Number(v.epssDetails.probability), percentile: Number(v.epssDetails.percentile) }
    : undefined;
  return {
    tool: { id: 'snyk', name: 'Snyk' },
    ruleId: v.id,
    name: v.title,
    description: v.description?.trim() || undefined,
    severity: severityOf(v.severityWithCritical || v.severity, options, `${at}.severity`),
    category: v.type === 'license' ? 'License' : 'SCA',
    location: {
      kind: 'package',
      name: v.packageName,
      version: v.version ?? undefined,
      fixedVersion: nextFixedVersion(v.version ?? undefined, v.fixedIn ?? []),
      ecosystem: project.packageManager ?? undefined,
      path: target,
    },
    cwe: cweIds(ids(v, 'CWE')),
    cve: [...new Set([...ids(v, 'CVE'), ...ids(v, 'GHSA')])],
    cvss: cvssOf(v.CVSSv3, v.cvssScore ?? undefined),
    references: [
      `https://security.snyk.io/vuln/${v.id}`,
      ...(v.references ?? []).flatMap((r) => (r.url ? [r.url] : [])),
    ],
    mitigation: fix.text,
    attributes: {
      ...(project.projectName ? { project: project.projectName } : {}),
      ...(path ? { dependencyPath: path, dependencyPaths: [path] } : {}),
      ...(fix.upgradeTo ? { upgradeTo: fix.upgradeTo } : {}),
      ...(epss ? { epss } : {}),
      ...(v.exploit ? { exploit: v.exploit } : {}),
      ...(v.license ? { license: v.license } : {}),
      ...(project.docker?.baseImage ? { baseImage: project.docker.baseImage } : {}),
      ...(typeof v.isUpgradable === 'boolean' ? { upgradable: v.isUpgradable } : {}),
    },
  };
}
