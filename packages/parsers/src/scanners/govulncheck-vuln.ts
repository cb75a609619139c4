import type { Cvss, FindingDraft, Severity } from '@scanrelay/findings-schema';
import type { Frame, Osv } from './govulncheck-schemas.js';
import { cvssOf } from './support/cvss.js';
import { isoDate } from './support/field-readers.js';

/** How far govulncheck saw the vulnerability reach the program. */
type Reach = 'required' | 'imported' | 'called';
const REACH_ORDER: Record<Reach, number> = { required: 0, imported: 1, called: 2 };
/**
 * The Go vulnerability database gives no severity: reachability stands in for it. A called
 * vulnerable symbol is medium; a vulnerable package only imported is low; a module only required
 * (no vulnerable package imported) is informational. A CVSS vector in the OSV entry wins.
 */
const REACH_SEVERITY: Record<Reach, Severity> = { called: 'medium', imported: 'low', required: 'info' };
const MAX_SITES = 10;

/** What is kept of an OSV entry until its findings are built (not its whole text). */
export interface OsvInfo {
  summary?: string;
  details?: string;
  aliases: string[];
  references: string[];
  published?: string;
  cvss?: Cvss;
}

export function osvInfo(o: Osv): OsvInfo {
  const vector = o.severity?.find((s) => s.type?.startsWith('CVSS') && s.score)?.score;
  return {
    summary: o.summary?.trim() || undefined,
    details: o.details?.trim().slice(0, 8000) || undefined,
    aliases: (o.aliases ?? []).filter((a) => a.trim() !== ''),
    references: [o.database_specific?.url, ...(o.references ?? []).map((r) => r.url)]
      .filter((u): u is string => typeof u === 'string' && u !== '')
      .slice(0, 25),
    published: o.published ?? undefined,
    cvss: cvssOf(vector),
  };
}

/** One vulnerability in one module: the findings of govulncheck for it, folded together. */
export interface VulnInModule {
  osv: string;
  module: string;
  version?: string;
  fixedVersion?: string;
  reach: Reach;
  packages: Set<string>;
  symbols: Set<string>;
  /** `file:line:column` of the program's calls into the vulnerable code (the trace's last frame). */
  callSites: string[];
}

export function newVulnInModule(osv: string, module: string): VulnInModule {
  return { osv, module, reach: 'required', packages: new Set(), symbols: new Set(), callSites: [] };
}

/** Folds a trace (vulnerable symbol first) into the entry: reach, package, symbol, call site. */
export function addTrace(v: VulnInModule, trace: readonly Frame[], fixed: string | null | undefined): void {
  const top = trace[0];
  if (!top) return;
  v.version ??= top.version ?? undefined;
  v.fixedVersion ??= fixed || undefined;
  const reach: Reach = top.function ? 'called' : top.package ? 'imported' : 'required';
  if (REACH_ORDER[reach] > REACH_ORDER[v.reach]) v.reach = reach;
  if (top.package) v.packages.add(top.package);
  if (top.function) v.symbols.add(top.receiver ? `${top.receiver}.${top.function}` : top.function);
  // The program's own call into the dependency: the first frame outside the vulnerable module.
  const site =
    trace.slice(1).find((f) => f.module !== top.module && f.position?.filename) ??
    trace.find((f) => f.position?.filename);
  const pos = site?.position;
  if (reach === 'called' && pos?.filename && v.callSites.length < MAX_SITES) {
    const at = `${pos.filename}:${pos.line ?? 0}:${pos.column ?? 0}`;
    if (!v.callSites.includes(at)) v.callSites.push(at);
  }
}

function cvssSeverity(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  return score >= 4 ? 'medium' : score > 0 ? 'low' : 'info';
}

function golangPurl(module: string, version: string | undefined): string | undefined {
  if (!version) return undefined;
  const name = module.split('/').map(encodeURIComponent).join('/');
  return `pkg:golang/${name}@${encodeURIComponent(version)}`;
}

export function vulnDraft(v: VulnInModule, info: OsvInfo | undefined, toolVersion?: string): FindingDraft {
  const summary = info?.summary;
  const symbols = [...v.symbols];
  const lines = [
    summary,
    info?.details,
    symbols.length > 0 ? `Vulnerable symbols called: ${symbols.join(', ')}` : undefined,
    v.callSites.length > 0 ? `Called from: ${v.callSites.join(', ')}` : undefined,
  ].filter(Boolean);
  const score = info?.cvss?.score;
  return {
    tool: { id: 'govulncheck', name: 'govulncheck', ...(toolVersion ? { version: toolVersion } : {}) },
    ruleId: v.osv,
    name: `${v.osv} in ${v.module}${summary ? `: ${summary}` : ''}`,
    description: lines.length > 0 ? lines.join('\n\n') : undefined,
    severity: score !== undefined ? cvssSeverity(score) : REACH_SEVERITY[v.reach],
    category: 'Dependency',
    location: {
      kind: 'package',
      name: v.module,
      version: v.version,
      fixedVersion: v.fixedVersion,
      purl: golangPurl(v.module, v.version),
      ecosystem: 'golang',
    },
    cve: [...new Set([v.osv, ...(info?.aliases ?? [])])],
    cvss: info?.cvss,
    references: info?.references ?? [],
    mitigation: v.fixedVersion ? `Upgrade ${v.module} to ${v.fixedVersion}.` : undefined,
    identifiedAt: undefined,
    attributes: {
      reachability: v.reach,
      ...(v.packages.size > 0 ? { packages: [...v.packages].slice(0, 20) } : {}),
      ...(symbols.length > 0 ? { symbols: symbols.slice(0, 20) } : {}),
      ...(v.callSites.length > 0 ? { callSites: v.callSites } : {}),
      ...(info?.published && isoDate(info.published) ? { published: isoDate(info.published) } : {}),
    },
  };
}
