import type { FindingDraft } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseOptions } from '../scanner-parser.js';
import { type NpmV6Advisory, npmAdvisoryToDraft } from './npm-audit-v6.js';
import { ghsaFromUrl, npmPurl } from './support/npm-purl.js';
import { severityOf } from './support/severity-of.js';

export const SCANNER = 'yarn-audit';
const TOOL = { id: SCANNER, name: 'yarn audit' } as const;

/** An npm registry advisory (yarn 1 `auditAdvisory.data.advisory`, yarn 2/3 `advisories.*`) → a finding draft. */
export function yarnAdvisoryDraft(
  a: NpmV6Advisory,
  options: ParseOptions | undefined,
  at: string,
): FindingDraft {
  return { ...npmAdvisoryToDraft(a, options, at), tool: TOOL, category: 'Dependency' };
}

/** One line of yarn 4 `yarn npm audit --json`: a package and one advisory (or deprecation) about it. */
export const berryLineSchema = z
  .object({
    value: z.string().min(1),
    children: z
      .object({
        ID: z.union([z.number(), z.string().min(1)]),
        Issue: z.string().nullish(),
        URL: z.string().nullish(),
        Severity: z.string(),
        'Vulnerable Versions': z.string().nullish(),
        'Tree Versions': z.array(z.string()).nullish(),
        Dependents: z.array(z.string()).nullish(),
      })
      .loose(),
  })
  .loose();
type BerryLine = z.infer<typeof berryLineSchema>;

/** yarn's dependents are `name@virtual:<hash>#npm:1.0.0` or `name@npm:1.0.0`: the hash changes per install. */
const shortDependent = (d: string): string => d.replace(/@virtual:[0-9a-f]+#/, '@');

/**
 * A yarn 4 line → one finding: advisories are `npm:<id>` or their GHSA (from the URL), deprecation
 * notices (`<pkg> (deprecation)`) are rule `deprecation`; the first tree version is the location's.
 */
export function berryDraft(l: BerryLine, options: ParseOptions | undefined, at: string): FindingDraft {
  const c = l.children;
  const deprecation = typeof c.ID === 'string' && c.ID.endsWith('(deprecation)');
  const ghsa = ghsaFromUrl(c.URL);
  const versions = (c['Tree Versions'] ?? []).filter((v) => v.trim() !== '');
  const version = versions[0];
  const issue = c.Issue?.trim();
  return {
    tool: TOOL,
    ruleId: deprecation ? 'deprecation' : (ghsa ?? `npm:${c.ID}`),
    name: deprecation ? String(c.ID) : issue || `${l.value}: advisory ${c.ID}`,
    description: issue || undefined,
    severity: severityOf(c.Severity, options, `${at}.children.Severity`),
    category: 'Dependency',
    location: { kind: 'package', name: l.value, version, ecosystem: 'npm', purl: npmPurl(l.value, version) },
    cve: ghsa ? [ghsa] : [],
    references: c.URL?.trim() ? [c.URL.trim()] : [],
    mitigation: deprecation ? issue : undefined,
    attributes: {
      advisoryId: c.ID,
      ...(c['Vulnerable Versions'] ? { vulnerableVersions: c['Vulnerable Versions'] } : {}),
      ...(versions.length > 0 ? { versions } : {}),
      ...(c.Dependents?.length ? { dependents: c.Dependents.slice(0, 20).map(shortDependent) } : {}),
    },
  };
}
