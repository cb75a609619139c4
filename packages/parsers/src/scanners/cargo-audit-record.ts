import { type FindingDraft, type Severity, severityFromCvssScore } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { nextFixedVersion } from './support/compare-versions.js';
import { cvssOf } from './support/cvss.js';

const text = z.string().nullish();
const strings = z.array(z.string()).nullish();

/** The RustSec advisory metadata (`advisory`), as rustsec has serialised it since cargo-audit 0.11. */
const cargoAdvisorySchema = z
  .object({
    id: z.string().min(1),
    package: text,
    title: z.string(),
    description: text,
    date: text,
    aliases: strings,
    related: strings,
    categories: strings,
    keywords: strings,
    cvss: text,
    informational: text,
    url: text,
    references: strings,
    withdrawn: text,
  })
  .loose();
type CargoAdvisory = z.infer<typeof cargoAdvisorySchema>;

const cargoPackageSchema = z
  .object({ name: z.string().min(1), version: z.string().min(1), source: text })
  .loose();
type CargoPackage = z.infer<typeof cargoPackageSchema>;

const versionsSchema = z.object({ patched: strings, unaffected: strings }).loose().nullish();

/** One entry of `vulnerabilities.list[]`. */
export const cargoVulnerabilitySchema = z
  .object({
    advisory: cargoAdvisorySchema,
    versions: versionsSchema,
    affected: z
      .object({ functions: z.record(z.string(), z.array(z.string())).nullish() })
      .loose()
      .nullish(),
    package: cargoPackageSchema,
  })
  .loose();
export type CargoVulnerability = z.infer<typeof cargoVulnerabilitySchema>;

const kindBodySchema = z
  .object({ advisory: cargoAdvisorySchema.nullish(), versions: versionsSchema })
  .loose()
  .nullish();

/**
 * One warning (`warnings.<kind>[]` since cargo-audit 0.14, a flat `warnings[]` before). `kind` is
 * `unmaintained`, `unsound`, `informational`, `notice` or `yanked` (yanked crates have no advisory);
 * rustsec 0.20–0.22 wrote `{"kind": {"unmaintained": {advisory, versions}}}`, and the first versions
 * no kind at all (`{advisory, versions, package}`, informational advisories only).
 */
export const cargoWarningSchema = z
  .object({
    kind: z.union([z.string().min(1), z.record(z.string(), kindBodySchema)]).optional(),
    package: cargoPackageSchema,
    advisory: cargoAdvisorySchema.nullish(),
    versions: versionsSchema,
  })
  .loose();
export type CargoWarning = z.infer<typeof cargoWarningSchema>;

const TOOL = { id: 'cargo-audit', name: 'cargo-audit' } as const;
/** Informational warnings: an unsound API is a (minor) memory-safety risk, the others are hygiene. */
const WARNING_SEVERITY: Readonly<Record<string, Severity>> = {
  unsound: 'low',
  unmaintained: 'info',
  yanked: 'info',
  notice: 'info',
  informational: 'info',
};

/** The lowest version a `>=x`, `^x` or `~x` requirement (patched[] entry) starts at. */
function floorOf(req: string): string | undefined {
  return /^\s*(?:>=|\^|~|=)?\s*(\d[\w.+-]*)/.exec(req.split(',')[0] ?? '')?.[1];
}

function packageLocation(pkg: CargoPackage, patched: readonly string[] | null | undefined) {
  const floors = (patched ?? []).map(floorOf).filter((v): v is string => v !== undefined);
  return {
    kind: 'package' as const,
    name: pkg.name,
    version: pkg.version,
    fixedVersion: nextFixedVersion(pkg.version, floors),
    ecosystem: 'crates.io',
    purl: `pkg:cargo/${encodeURIComponent(pkg.name)}@${encodeURIComponent(pkg.version)}`,
  };
}

/** cargo-audit's RustSec severity: from the CVSS 3 score when there is one, else high (as DefectDojo). */
function vulnerabilitySeverity(a: CargoAdvisory): { severity: Severity; cvss: ReturnType<typeof cvssOf> } {
  const cvss = cvssOf(a.cvss);
  return { severity: cvss?.score !== undefined ? severityFromCvssScore(cvss.score) : 'high', cvss };
}

function advisoryDraft(
  a: CargoAdvisory,
  pkg: CargoPackage,
  patched: readonly string[] | null | undefined,
): Omit<FindingDraft, 'severity' | 'category'> {
  const ids = [a.id, ...(a.aliases ?? [])].filter((id) => id.trim() !== '');
  const refs = [a.url, ...(a.references ?? [])].filter((r): r is string => !!r && r.trim() !== '');
  return {
    tool: TOOL,
    ruleId: a.id,
    name: `[${pkg.name} ${pkg.version}] ${a.title.trim() || a.id}`,
    description: a.description?.trim() || undefined,
    location: packageLocation(pkg, patched),
    cve: [...new Set(ids)],
    references: [...new Set(refs)],
    mitigation: patched?.length ? `Update ${pkg.name} to ${patched.join(', ')}` : undefined,
  };
}

function advisoryAttributes(a: CargoAdvisory): Record<string, unknown> {
  return {
    ...(a.date ? { published: a.date } : {}),
    ...(a.keywords?.length ? { keywords: a.keywords } : {}),
    ...(a.categories?.length ? { categories: a.categories } : {}),
    ...(a.withdrawn ? { withdrawn: a.withdrawn } : {}),
  };
}

/** One vulnerability → one finding (RUSTSEC id, crate and version). */
export function cargoVulnerabilityDraft(v: CargoVulnerability): FindingDraft {
  const { severity, cvss } = vulnerabilitySeverity(v.advisory);
  const functions = Object.keys(v.affected?.functions ?? {});
  return {
    ...advisoryDraft(v.advisory, v.package, v.versions?.patched),
    severity,
    cvss,
    category: 'Dependency',
    attributes: {
      ...advisoryAttributes(v.advisory),
      ...(functions.length ? { affectedFunctions: functions.slice(0, 50) } : {}),
    },
  };
}

/** The kind of a warning, its advisory and versions, from whichever shape the version wrote. */
function warningParts(w: CargoWarning): {
  kind: string;
  advisory: CargoAdvisory | undefined;
  patched: readonly string[] | null | undefined;
} {
  if (w.kind === undefined || typeof w.kind === 'string') {
    const kind = w.kind ?? w.advisory?.informational ?? 'informational';
    return { kind, advisory: w.advisory ?? undefined, patched: w.versions?.patched };
  }
  const [kind = 'informational', body] = Object.entries(w.kind)[0] ?? [];
  return {
    kind,
    advisory: w.advisory ?? body?.advisory ?? undefined,
    patched: w.versions?.patched ?? body?.versions?.patched,
  };
}

/** One warning → one finding: the advisory's when it has one, else `yanked:<crate>`. */
export function cargoWarningDraft(w: CargoWarning): FindingDraft {
  const { kind, advisory, patched } = warningParts(w);
  const severity = WARNING_SEVERITY[kind] ?? 'info';
  const attributes = { warning: kind, ...(advisory ? advisoryAttributes(advisory) : {}) };
  if (advisory)
    return { ...advisoryDraft(advisory, w.package, patched), severity, category: 'Dependency', attributes };
  return {
    tool: TOOL,
    ruleId: `cargo-audit:${kind}`,
    name: `[${w.package.name} ${w.package.version}] ${kind === 'yanked' ? 'Crate version yanked from crates.io' : `Warning: ${kind}`}`,
    severity,
    category: 'Dependency',
    location: packageLocation(w.package, []),
    attributes,
  };
}
