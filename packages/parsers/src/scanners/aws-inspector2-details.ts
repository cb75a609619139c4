import type { Location } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { cweIds } from './support/cwe-ids.js';
import { nonBlankString, positiveInteger } from './support/field-readers.js';
import { isRecord } from './support/parse-with.js';
import { sourceLines } from './support/source-location.js';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (isRecord(v) ? v : {});
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];

/** One element of Inspector2's `ListFindings` `findings[]` (the fields we read; the rest is kept loose). */
export const inspectorFindingSchema = z
  .object({
    findingArn: z.string().min(1),
    type: z.string().min(1),
    severity: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    status: z.string().optional(),
    awsAccountId: z.string().optional(),
    firstObservedAt: z.unknown().optional(),
    lastObservedAt: z.unknown().optional(),
    inspectorScore: z.number().optional(),
    resources: z
      .array(z.object({ type: z.string().optional(), id: z.string().optional() }).loose())
      .nullish(),
  })
  .loose();
export type InspectorFinding = z.infer<typeof inspectorFindingSchema>;

/** What a finding type adds: its rule, location, ids, references and extra attributes. */
export interface TypeDetails {
  ruleId: string;
  category: string;
  location?: Location;
  cve: string[];
  cwe: string[];
  references: string[];
  mitigation?: string;
  attributes: Rec;
}

/** The first resource's id (an ECR image, Lambda function or EC2 instance ARN), and its type. */
export function firstResource(f: InspectorFinding): { id?: string; type?: string; region?: string } {
  const r = rec(f.resources?.[0]);
  return {
    id: nonBlankString(r.id),
    type: nonBlankString(r.type),
    region: nonBlankString(r.region),
  };
}

/** A version Inspector writes when it knows none. */
const NO_VERSION = new Set(['NotAvailable', 'N/A', '']);

function packageDetails(
  f: InspectorFinding,
  resourceId: string | undefined,
  resourceType?: string,
): TypeDetails {
  const d = rec(f.packageVulnerabilityDetails);
  const vulnId = nonBlankString(d.vulnerabilityId);
  const packages = Array.isArray(d.vulnerablePackages) ? d.vulnerablePackages.map(rec) : [];
  const p = packages[0] ?? {};
  const name = nonBlankString(p.name);
  const fixed = nonBlankString(p.fixedInVersion);
  const related = strings(d.relatedVulnerabilities);
  const remediations = [...new Set(packages.map((x) => nonBlankString(x.remediation)).filter(Boolean))];
  const references = [nonBlankString(d.sourceUrl), ...strings(d.referenceUrls)].filter(
    (u): u is string => u !== undefined,
  );
  return {
    ruleId: vulnId ?? f.title ?? 'PACKAGE_VULNERABILITY',
    category: resourceType === 'AWS_ECR_CONTAINER_IMAGE' ? 'Container' : 'Dependency',
    location: name
      ? {
          kind: 'package',
          name,
          version: nonBlankString(p.version),
          fixedVersion: fixed && !NO_VERSION.has(fixed) ? fixed : undefined,
          ecosystem: nonBlankString(p.packageManager)?.toLowerCase(),
          path: resourceId,
        }
      : undefined,
    cve: [...new Set([vulnId, ...related].filter((x): x is string => x !== undefined))],
    cwe: [],
    references: [...new Set(references)],
    mitigation: remediations.length > 0 ? remediations.join('\n') : undefined,
    attributes: {
      ...(nonBlankString(d.source) ? { vulnerabilitySource: d.source } : {}),
      ...(nonBlankString(d.vendorSeverity) ? { vendorSeverity: d.vendorSeverity } : {}),
      ...(nonBlankString(p.filePath) ? { packageFilePath: p.filePath } : {}),
      ...(nonBlankString(p.sourceLayerHash) ? { sourceLayerHash: p.sourceLayerHash } : {}),
      ...(packages.length > 1
        ? { packages: packages.map((x) => `${String(x.name ?? '?')}@${String(x.version ?? '?')}`) }
        : {}),
    },
  };
}

/** CODE_VULNERABILITY (Lambda code scanning): details under `codeVulnerabilityDetails`. */
function codeDetails(f: InspectorFinding): TypeDetails {
  // The API nests them; DefectDojo reads them at the top level, so both are accepted.
  const d = isRecord(f.codeVulnerabilityDetails) ? f.codeVulnerabilityDetails : (f as Rec);
  const fp = rec(d.filePath);
  const dir = nonBlankString(fp.filePath);
  const base = nonBlankString(fp.fileName);
  const file = dir && base && !dir.endsWith(base) ? `${dir.replace(/\/$/, '')}/${base}` : (dir ?? base);
  const startLine = positiveInteger(fp.startLine);
  const endLine = positiveInteger(fp.endLine);
  return {
    ruleId: nonBlankString(d.ruleId) ?? nonBlankString(d.detectorId) ?? f.title ?? 'CODE_VULNERABILITY',
    category: 'SAST',
    location: file ? sourceLines(file, startLine, endLine) : undefined,
    cve: [],
    cwe: cweIds(d.cwes ?? f.cwes),
    references: strings(d.referenceUrls),
    attributes: {
      ...(nonBlankString(d.detectorId) ? { detectorId: d.detectorId } : {}),
      ...(nonBlankString(d.detectorName) ? { detectorName: d.detectorName } : {}),
      ...(strings(d.detectorTags).length > 0 ? { detectorTags: strings(d.detectorTags) } : {}),
      ...(nonBlankString(d.sourceLambdaLayerArn) ? { lambdaLayerArn: d.sourceLambdaLayerArn } : {}),
    },
  };
}

/** NETWORK_REACHABILITY (EC2): an open port range reachable along a network path. */
function networkDetails(f: InspectorFinding, resourceId: string | undefined): TypeDetails {
  const d = isRecord(f.networkReachabilityDetails) ? f.networkReachabilityDetails : (f as Rec);
  const range = rec(d.openPortRange);
  const begin = typeof range.begin === 'number' ? range.begin : undefined;
  const end = typeof range.end === 'number' ? range.end : begin;
  const protocol = nonBlankString(d.protocol)?.toLowerCase();
  const steps = Array.isArray(rec(d.networkPath).steps)
    ? (rec(d.networkPath).steps as unknown[]).map(rec)
    : [];
  const ports = begin === undefined ? '' : begin === end ? `${begin}` : `${begin}-${end}`;
  return {
    ruleId: `NETWORK_REACHABILITY/${protocol ?? 'any'}/${ports || 'any'}`,
    category: 'Network',
    location: resourceId
      ? {
          kind: 'host',
          host: resourceId,
          port: begin !== undefined && begin === end && begin >= 0 && begin <= 65535 ? begin : undefined,
          protocol,
        }
      : undefined,
    cve: [],
    cwe: [],
    references: [],
    attributes: {
      ...(ports ? { portRange: ports } : {}),
      ...(steps.length > 0
        ? {
            networkPath: steps.map(
              (s) => `${String(s.componentType ?? '?')} ${String(s.componentId ?? '?')}`,
            ),
          }
        : {}),
    },
  };
}

/** The type-specific part of a finding; undefined for a type this parser does not know. */
export function typeDetails(f: InspectorFinding): TypeDetails | undefined {
  const resource = firstResource(f);
  switch (f.type) {
    case 'PACKAGE_VULNERABILITY':
      return packageDetails(f, resource.id, resource.type);
    case 'CODE_VULNERABILITY':
      return codeDetails(f);
    case 'NETWORK_REACHABILITY':
      return networkDetails(f, resource.id);
    default:
      return undefined;
  }
}
