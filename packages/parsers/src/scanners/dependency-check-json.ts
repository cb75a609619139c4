import { z } from 'zod';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError, type ParseErrorWhere } from '../parse-error.js';
import { type DcDependency, type DcVulnerability, DEPENDENCY_CHECK } from './dependency-check-vuln.js';
import { isRecord, parseWith } from './support/parse-with.js';

const text = z.string().nullish();
const scalar = z.union([z.string(), z.number(), z.boolean()]).nullish();
const cvssPartsSchema = z.record(z.string(), scalar).nullish();
const vulnerabilitySchema = z
  .object({
    source: text,
    name: z.string().min(1),
    severity: text,
    cvssv2: cvssPartsSchema,
    cvssv3: cvssPartsSchema,
    cwes: z.array(z.string()).nullish(),
    description: text,
    notes: text,
    knownExploitedVulnerability: z.unknown().optional(),
    references: z.array(z.object({ url: text, name: text, source: text }).loose()).nullish(),
  })
  .loose();
/** One entry of `dependencies[]` of `dependency-check -f JSON` (reportSchema 1.0–1.1). */
const dependencySchema = z
  .object({
    isVirtual: z.boolean().nullish(),
    fileName: text,
    filePath: text,
    sha256: text,
    packages: z.array(z.object({ id: z.string() }).loose()).nullish(),
    vulnerabilities: z.array(z.unknown()).nullish(),
    suppressedVulnerabilities: z.array(z.unknown()).nullish(),
    relatedDependencies: z.array(z.object({ filePath: text, fileName: text }).loose()).nullish(),
  })
  .loose();

function strings(
  parts: Record<string, unknown> | null | undefined,
): Record<string, string | undefined> | undefined {
  if (!parts) return undefined;
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(parts)) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}

export interface DcRecord {
  dependency: DcDependency;
  vulnerability: DcVulnerability;
  /** Where the vulnerability is: its JSON path or (XML) its line. */
  where: ParseErrorWhere;
}

/** The vulnerabilities of a JSON report, dependency by dependency; `suppressed` counts the others. */
export async function* dependencyCheckJson(
  input: ParseInput,
  state: { suppressed: number; version?: string },
): AsyncGenerator<DcRecord> {
  const stream = streamJsonWithSkeleton(input, { scanner: DEPENDENCY_CHECK, select: ['$.dependencies[*]'] });
  for await (const m of stream.matches) {
    const at = formatJsonPath(m.path);
    if (state.version === undefined) {
      const scanInfo = (m.ancestors[0] as Record<string, unknown>).scanInfo;
      const v = isRecord(scanInfo) ? scanInfo.engineVersion : undefined;
      state.version = typeof v === 'string' ? v : '';
    }
    const d = parseWith(
      DEPENDENCY_CHECK,
      dependencySchema,
      m.value,
      at,
      'a dependency-check dependency {fileName, vulnerabilities[]}',
    );
    state.suppressed += d.suppressedVulnerabilities?.length ?? 0;
    const dependency: DcDependency = {
      fileName: d.fileName ?? undefined,
      filePath: d.filePath ?? undefined,
      sha256: d.sha256 ?? undefined,
      packageIds: (d.packages ?? []).map((p) => p.id),
      isVirtual: d.isVirtual ?? undefined,
      relatedPaths: (d.relatedDependencies ?? [])
        .map((r) => r.filePath || r.fileName || '')
        .filter((x) => x !== ''),
    };
    for (const [i, raw] of (d.vulnerabilities ?? []).entries()) {
      const where = `${at}.vulnerabilities[${i}]`;
      const v = parseWith(
        DEPENDENCY_CHECK,
        vulnerabilitySchema,
        raw,
        where,
        'a dependency-check vulnerability {name, severity}',
      );
      yield {
        dependency,
        where: { path: where },
        vulnerability: {
          source: v.source ?? undefined,
          name: v.name,
          severity: v.severity ?? undefined,
          cvssV2: strings(v.cvssv2),
          cvssV3: strings(v.cvssv3),
          cwes: v.cwes ?? [],
          description: v.description ?? undefined,
          notes: v.notes ?? undefined,
          knownExploited: v.knownExploitedVulnerability != null,
          references: (v.references ?? []).map((r) => r.url ?? '').filter(Boolean),
        },
      };
    }
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || !Array.isArray(doc.dependencies))
    throw new ParseError(
      DEPENDENCY_CHECK,
      { path: '$' },
      'a dependency-check JSON report {reportSchema, dependencies[]}',
      {
        got: describeValue(doc),
      },
    );
}
