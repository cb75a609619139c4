import type { Cvss, Finding, FindingDraft } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import {
  type GrypeCvss,
  grypeCvssList,
  grypeFix,
  grypeLegacyVulnerabilityFields,
  grypeLocationsSchema,
  grypeMatchDetailsSchema,
} from './grype-legacy.js';
import { cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { readSkeleton } from './support/read-skeleton.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'grype';
const text = z.string().nullish();
const cvssSchema = z
  .object({
    type: text,
    version: text,
    vector: text,
    metrics: z.object({ baseScore: z.number().nullish() }).loose().nullish(),
  })
  .loose();
const metadataSchema = z
  .object({
    id: z.string().min(1),
    dataSource: text,
    namespace: text,
    severity: text,
    urls: z.array(z.string()).nullish(),
    description: text,
    cvss: z.array(cvssSchema).nullish(),
  })
  .loose();
const matchSchema = z.object({
  vulnerability: metadataSchema.extend({
    fix: z.object({ versions: z.array(z.string()).nullish(), state: text }).nullish(),
    cwes: z.array(z.unknown()).nullish(),
    risk: z.number().nullish(),
    epss: z.array(z.unknown()).nullish(),
    knownExploited: z.array(z.unknown()).nullish(),
    ...grypeLegacyVulnerabilityFields,
  }),
  relatedVulnerabilities: z.array(metadataSchema.extend(grypeLegacyVulnerabilityFields)).nullish(),
  matchDetails: grypeMatchDetailsSchema,
  artifact: z
    .object({
      name: z.string().min(1),
      version: text,
      type: text,
      purl: text,
      language: text,
      locations: grypeLocationsSchema,
    })
    .loose(),
});
type GrypeMatch = z.infer<typeof matchSchema>;
interface GrypeContext {
  version?: string;
  target?: string;
  distro?: string;
}

/** The vulnerability's own newest CVSS, else the related records' (newest, primary first). */
function bestCvss(m: GrypeMatch): Cvss | undefined {
  const usable = (list: readonly GrypeCvss[]) =>
    list
      .filter((c) => c.vector || c.metrics?.baseScore != null)
      .sort(
        (a, b) =>
          Number(b.version ?? 0) - Number(a.version ?? 0) ||
          Number(b.type === 'Primary') - Number(a.type === 'Primary'),
      );
  const c =
    usable(grypeCvssList(m.vulnerability))[0] ??
    usable((m.relatedVulnerabilities ?? []).flatMap(grypeCvssList))[0];
  return c ? cvssOf(c.vector, c.metrics?.baseScore ?? undefined, c.version ?? undefined) : undefined;
}

function matchDraft(
  m: GrypeMatch,
  ctx: GrypeContext,
  options: ParseOptions | undefined,
  at: string,
): FindingDraft {
  const v = m.vulnerability;
  const a = m.artifact;
  const related = m.relatedVulnerabilities ?? [];
  const unknown = !v.severity || /^unknown$/i.test(v.severity);
  const rawSeverity = unknown
    ? (related.find((r) => r.severity && !/^unknown$/i.test(r.severity))?.severity ?? v.severity)
    : v.severity;
  const fix = grypeFix(v);
  const fixed = fix?.state === 'fixed' ? fix.versions : [];
  const mitigation =
    fixed.length > 0
      ? `Upgrade ${a.name} to ${fixed.join(' or ')}.`
      : fix?.state === 'wont-fix'
        ? 'The package maintainers will not fix this vulnerability.'
        : undefined;
  const matchTypes = [...new Set(m.matchDetails.map((d) => d.type).filter(Boolean))];
  const matchers = [...new Set(m.matchDetails.map((d) => d.matcher).filter(Boolean))];
  return {
    tool: { id: SCANNER, name: 'Grype', ...(ctx.version ? { version: ctx.version } : {}) },
    ruleId: v.id,
    name: `${v.id} in ${a.name}`,
    description: (v.description || related.find((r) => r.description)?.description)?.trim() || undefined,
    severity: severityOf(rawSeverity ?? 'unknown', options, `${at}.vulnerability.severity`),
    category: 'SCA',
    location: {
      kind: 'package',
      name: a.name,
      version: a.version || undefined,
      fixedVersion: fixed[0],
      purl: a.purl || undefined,
      ecosystem: a.type || undefined,
      path: a.locations.find((l) => l.path)?.path ?? undefined,
    },
    cwe: cweIds(v.cwes),
    cve: [...new Set([v.id, ...related.map((r) => r.id)])],
    cvss: bestCvss(m),
    references: [
      ...new Set([
        v.dataSource,
        ...(v.urls ?? v.links ?? []),
        ...related.flatMap((r) => [r.dataSource, ...(r.urls ?? r.links ?? [])]),
      ]),
    ]
      .filter((u): u is string => typeof u === 'string' && u !== '')
      .slice(0, 25),
    mitigation,
    attributes: {
      ...(v.namespace ? { namespace: v.namespace } : {}),
      ...(fix?.state ? { fixState: fix.state } : {}),
      ...(matchTypes.length ? { matchTypes } : {}),
      ...(matchers.length ? { matchers } : {}),
      ...(ctx.target ? { target: ctx.target } : {}),
      ...(ctx.distro ? { distro: ctx.distro } : {}),
      ...(a.language ? { language: a.language } : {}),
      ...(a.locations[0]?.layerID ? { layer: a.locations[0].layerID } : {}),
      ...(v.risk != null ? { risk: v.risk } : {}),
      ...(v.epss?.length ? { epss: v.epss[0] } : {}),
      ...(v.knownExploited?.length ? { knownExploited: true } : {}),
    },
  };
}

function contextOf(doc: Record<string, unknown>): GrypeContext {
  const descriptor = isRecord(doc.descriptor) ? doc.descriptor : {};
  const source = isRecord(doc.source) ? doc.source : {};
  const target = isRecord(source.target) ? (source.target.userInput ?? source.target.name) : source.target;
  const distro = isRecord(doc.distro) ? [doc.distro.name, doc.distro.version].filter(Boolean).join(' ') : '';
  return {
    version: typeof descriptor.version === 'string' ? descriptor.version : undefined,
    target: typeof target === 'string' ? target : undefined,
    distro: distro || undefined,
  };
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  // grype writes source, distro and descriptor after the matches: read them first when we can (the
  // matches are skipped: scanned, neither parsed nor held).
  const skeleton = await readSkeleton(input, SCANNER, ['$.matches[*]', '$.ignoredMatches[*]']);
  let ctx = isRecord(skeleton) ? contextOf(skeleton) : undefined;
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$.matches[*]', '$.ignoredMatches[*]'],
  });
  let ignored = 0;
  for await (const m of stream.matches) {
    if (m.path[0] === 'ignoredMatches') {
      ignored += 1;
      continue;
    }
    const root = m.ancestors[0] as Record<string, unknown>;
    ctx ??= contextOf(root);
    const at = formatJsonPath(m.path);
    const match = parseWith(
      SCANNER,
      matchSchema,
      m.value,
      at,
      'a grype match {vulnerability{id}, artifact{name}}',
    );
    yield toFinding(SCANNER, { path: at }, matchDraft(match, ctx, options, at));
  }
  const root = stream.skeleton();
  // `matches: null`: releases before the list was always allocated wrote null for "none".
  if (!isRecord(root) || !(Array.isArray(root.matches) || root.matches === null)) {
    throw new ParseError(SCANNER, { path: '$' }, 'grype -o json output {matches[], source, descriptor}', {
      got: describeValue(root),
    });
  }
  if (ignored > 0)
    options?.onWarning?.(`grype: ${ignored} ignored match(es) (grype ignore rules) are not imported`);
}

export const grypeParser = defineParser({
  id: SCANNER,
  name: 'Grype',
  formats:
    'grype -o json, every release ({matches[], source, distro, descriptor}; matchDetails as object or list); one finding per vulnerability and package',
  detect(head) {
    if (key('matches').test(head) && /"descriptor"\s*:\s*\{\s*"name"\s*:\s*"grype"/.test(head)) return 100;
    if (
      hasAll(head, [key('matches'), key('vulnerability'), key('artifact')]) &&
      /"(matchDetails|relatedVulnerabilities)"\s*:/.test(head)
    )
      return 95;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
