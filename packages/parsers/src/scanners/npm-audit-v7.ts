import type { FindingDraft } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseOptions } from '../scanner-parser.js';
import { cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { ghsaFromUrl } from './support/npm-purl.js';
import { severityOf } from './support/severity-of.js';

const advisorySchema = z.object({
  source: z.union([z.number(), z.string()]).optional(),
  name: z.string().optional(),
  dependency: z.string().optional(),
  title: z.string().min(1),
  url: z.string().optional(),
  severity: z.string(),
  cwe: z.unknown().optional(),
  cvss: z.object({ score: z.number().nullish(), vectorString: z.string().nullish() }).nullish(),
  range: z.string().optional(),
});
type NpmV7Advisory = z.infer<typeof advisorySchema>;

export const npmV7VulnerabilitySchema = z.object({
  name: z.string().min(1),
  severity: z.string().optional(),
  isDirect: z.boolean().optional(),
  via: z.array(z.union([z.string(), advisorySchema])),
  effects: z.array(z.string()).optional(),
  range: z.string().optional(),
  nodes: z.array(z.string()).optional(),
  fixAvailable: z
    .union([
      z.boolean(),
      z.object({ name: z.string(), version: z.string(), isSemVerMajor: z.boolean().optional() }),
    ])
    .optional(),
});
export type NpmV7Vulnerability = z.infer<typeof npmV7VulnerabilitySchema>;

function mitigation(fix: NpmV7Vulnerability['fixAvailable']): string | undefined {
  if (fix === true) return 'Run `npm audit fix`.';
  if (fix && typeof fix === 'object') {
    return `Upgrade ${fix.name} to ${fix.version}${fix.isSemVerMajor ? ' (a semver-major change: `npm audit fix --force`)' : ''}.`;
  }
  return undefined;
}

/**
 * One advisory object in a package's `via[]` → one finding. npm 7+ reports do not give the installed
 * version: the location `version` is the package's vulnerable installed range (`range`).
 */
export function npmViaToDraft(
  key: string,
  vuln: NpmV7Vulnerability,
  via: NpmV7Advisory,
  options: ParseOptions | undefined,
  at: string,
): FindingDraft {
  const ghsa = ghsaFromUrl(via.url);
  const hasCvss = via.cvss && (via.cvss.vectorString || (via.cvss.score ?? 0) > 0);
  return {
    tool: { id: 'npm-audit', name: 'npm audit' },
    ruleId: ghsa ?? `npm:${via.source ?? via.title}`,
    name: via.title.trim(),
    severity: severityOf(via.severity, options, `${at}.severity`),
    category: 'SCA',
    location: {
      kind: 'package',
      name: via.name ?? vuln.name ?? key,
      version: vuln.range || via.range,
      ecosystem: 'npm',
    },
    cwe: cweIds(via.cwe),
    cve: ghsa ? [ghsa] : [],
    cvss: hasCvss ? cvssOf(via.cvss?.vectorString, via.cvss?.score) : undefined,
    references: via.url ? [via.url] : [],
    mitigation: mitigation(vuln.fixAvailable),
    attributes: {
      ...(via.source !== undefined ? { advisoryId: via.source } : {}),
      ...(via.range ? { vulnerableVersions: via.range } : {}),
      ...(vuln.isDirect !== undefined ? { isDirect: vuln.isDirect } : {}),
      ...(vuln.nodes?.length ? { nodes: vuln.nodes.slice(0, 25) } : {}),
      ...(vuln.effects?.length ? { effects: vuln.effects } : {}),
      fixAvailable: vuln.fixAvailable ?? false,
    },
  };
}
