import type { Finding, FindingDraft, Severity } from '@scanrelay/findings-schema';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import {
  type MendLibrary,
  type MendPlatformFinding,
  type MendVulnerability,
  mendPlatformFindingSchema,
  mendReportLibrarySchema,
  mendVulnerabilitySchema,
} from './mend-schemas.js';
import { cvssOf } from './support/cvss.js';
import { isoDate, putString } from './support/field-readers.js';
import { headJson, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'mend';
const TOOL = { id: SCANNER, name: 'Mend' } as const;
const MEND_SEVERITY: Readonly<Record<string, Severity>> = { NONE: 'info' };

/** The version an `Upgrade to version …` fix names, when it is one (`3.6.0`, `g:a:1.13`, `lib-8.18`). */
function fixedVersionOf(resolution: string | null | undefined, name: string): string | undefined {
  const token = /upgrade to version\s+(\S+)\s*$/i.exec(resolution ?? '')?.[1];
  if (!token) return undefined;
  let v = token.slice(token.lastIndexOf(':') + 1);
  if (v.startsWith(`${name}-`)) v = v.slice(name.length + 1);
  return /^v?\d/.test(v) ? v : undefined;
}

/** `pkg:maven/group/artifact@version` for Maven libraries, else undefined. */
function mavenPurl(lib: {
  groupId?: string | null;
  artifactId?: string | null;
  version?: string | null;
  type?: string | null;
}) {
  if (!/MAVEN/i.test(lib.type ?? '') || !lib.groupId || !lib.artifactId || !lib.version) return undefined;
  return `pkg:maven/${encodeURIComponent(lib.groupId)}/${encodeURIComponent(lib.artifactId)}@${encodeURIComponent(lib.version)}`;
}

function legacyDraft(
  v: MendVulnerability,
  lib: MendLibrary | undefined,
  at: string,
  options: ParseOptions | undefined,
): FindingDraft {
  const library = v.library ?? lib;
  const name = library?.artifactId || library?.name || library?.filename || 'unknown library';
  const paths = [
    ...(v.locations ?? []).map((l) => l.path),
    ...(v.sourceFiles ?? []).map((s) => s.localPath),
  ].filter((p): p is string => typeof p === 'string' && p !== '');
  const attributes: Record<string, unknown> = {};
  putString(attributes, 'library', library?.filename || library?.name);
  putString(attributes, 'libraryType', library?.type);
  putString(attributes, 'project', v.project);
  putString(attributes, 'product', v.product);
  putString(attributes, 'sha1', library?.sha1);
  if (paths.length > 0) attributes.locations = paths.slice(0, 20);
  const hasV3 = v.cvss3_score != null || v.scoreMetadataVector;
  return {
    tool: TOOL,
    ruleId: v.name,
    name: `${v.name} | ${library?.filename || library?.name || name}`,
    description: v.description?.trim() || undefined,
    // cvss2 severity by default from the agent, cvss3 in the UI exports: prefer cvss3 (as DefectDojo).
    severity: severityOf(
      v.cvss3_severity ?? v.severity ?? 'unknown',
      options,
      `${at}.severity`,
      MEND_SEVERITY,
    ),
    category: 'Dependency',
    location: {
      kind: 'package',
      name,
      version: library?.version || undefined,
      fixedVersion: fixedVersionOf(v.topFix?.fixResolution, name),
      purl: library ? mavenPurl(library) : undefined,
      ecosystem: library?.type || undefined,
    },
    cve: [v.name],
    cvss: hasV3 ? cvssOf(v.scoreMetadataVector, v.cvss3_score) : cvssOf(undefined, v.score, '2.0'),
    references: [v.url, v.topFix?.url].filter((u): u is string => !!u),
    mitigation: v.topFix?.fixResolution?.trim() || undefined,
    attributes,
  };
}

function platformDraft(f: MendPlatformFinding, at: string, options: ParseOptions | undefined): FindingDraft {
  const c = f.component;
  const vuln = f.vulnerability;
  const id = vuln.name || f.name;
  const attributes: Record<string, unknown> = {};
  putString(attributes, 'status', f.findingInfo?.status);
  putString(attributes, 'project', f.project?.name);
  putString(attributes, 'application', f.application?.name);
  putString(attributes, 'dependencyType', c.dependencyType);
  putString(attributes, 'findingUuid', f.uuid);
  if (f.exploitable === true || f.exploitable === 'True') attributes.exploitable = true;
  const pkgName = c.artifactId || c.name;
  return {
    tool: TOOL,
    ruleId: id,
    name: `${id} | ${c.name}`,
    description: vuln.description?.trim() || undefined,
    severity: severityOf(vuln.severity ?? 'unknown', options, `${at}.vulnerability.severity`, MEND_SEVERITY),
    category: 'Dependency',
    location: {
      kind: 'package',
      name: pkgName,
      version: c.version || undefined,
      fixedVersion: fixedVersionOf(f.topFix?.fixResolution, pkgName),
      purl: mavenPurl({ ...c, type: c.libraryType }),
      ecosystem: c.libraryType || undefined,
      path: c.path || undefined,
    },
    cve: [id],
    cvss: cvssOf(f.scoreMetadataVector, vuln.score, /CVSS_2/.test(vuln.type ?? '') ? '2.0' : undefined),
    references: f.topFix?.url ? [f.topFix.url] : [],
    mitigation: f.topFix?.fixResolution?.trim() || undefined,
    identifiedAt: isoDate(f.findingInfo?.detectedAt),
    attributes,
  };
}

const EXPECTED_VULN = 'a Mend vulnerability {name, severity, library}';

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$.vulnerabilities[*]', '$.libraries[*]', '$.response[*]'],
    skip: ['$.projectVitals', '$.policyStatistics', '$.vulnerabilityStatistics'],
  });
  const skipped = new Map<string, number>();
  for await (const m of stream.matches) {
    const at = formatJsonPath(m.path);
    if (m.path[0] === 'vulnerabilities') {
      const v = parseWith(SCANNER, mendVulnerabilitySchema, m.value, at, EXPECTED_VULN);
      yield toFinding(SCANNER, { path: at }, legacyDraft(v, undefined, at, options));
    } else if (m.path[0] === 'libraries') {
      const lib = parseWith(
        SCANNER,
        mendReportLibrarySchema,
        m.value,
        at,
        'a Mend library {name, vulnerabilities[]}',
      );
      for (const [i, raw] of (lib.vulnerabilities ?? []).entries()) {
        const vAt = `${at}.vulnerabilities[${i}]`;
        const v = parseWith(SCANNER, mendVulnerabilitySchema, raw, vAt, EXPECTED_VULN);
        yield toFinding(SCANNER, { path: vAt }, legacyDraft(v, lib, vAt, options));
      }
    } else {
      const f = parseWith(
        SCANNER,
        mendPlatformFindingSchema,
        m.value,
        at,
        'a Mend platform finding {name, component{name}, vulnerability}',
      );
      const status = f.findingInfo?.status?.toUpperCase() ?? 'ACTIVE';
      if (status !== 'ACTIVE') {
        skipped.set(status, (skipped.get(status) ?? 0) + 1);
        continue;
      }
      yield toFinding(SCANNER, { path: at }, platformDraft(f, at, options));
    }
  }
  const doc = stream.skeleton();
  if (
    !isRecord(doc) ||
    !(Array.isArray(doc.vulnerabilities) || Array.isArray(doc.libraries) || Array.isArray(doc.response))
  )
    throw new ParseError(
      SCANNER,
      { path: '$' },
      'a Mend JSON report with vulnerabilities[], libraries[] or response[]',
      { got: describeValue(doc) },
    );
  for (const [status, n] of skipped)
    options?.onWarning?.(`mend: ${n} finding(s) with status ${status} (not active) are not imported`);
}

export const mendParser = defineParser({
  id: SCANNER,
  name: 'Mend',
  formats:
    'Mend/WhiteSource JSON: the legacy vulnerabilities export ({vulnerabilities[]} with library), the Unified Agent scan report ({projectVitals, libraries[].vulnerabilities[]}) and the SCA platform API 3.0 security findings ({additionalData, response[]}); one finding per vulnerability and library',
  detect(head) {
    if (!/^\s*\{/.test(head)) return 0;
    if (
      key('vulnerabilities').test(head) &&
      key('library').test(head) &&
      /"(topFix|cvss3_severity|keyUuid)"\s*:/.test(head)
    )
      return 95;
    if (key('projectVitals').test(head) && key('libraries').test(head)) return 95;
    if (key('supportToken').test(head) && key('response').test(head)) return 90;
    // An empty legacy export: `{ "vulnerabilities": [] }` (only key).
    const doc = headJson(head);
    if (
      isRecord(doc) &&
      Object.keys(doc).length === 1 &&
      Array.isArray(doc.vulnerabilities) &&
      doc.vulnerabilities.length === 0
    )
      return 40;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
