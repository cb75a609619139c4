import type { Finding } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { holdUntilComplete } from '../io/hold-until-complete.js';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { type JsonMatch, streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { type OsvVulnerability, osvGroupToDraft, osvVulnerabilitySchema } from './osv-scanner-group.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'osv-scanner';

const packageSchema = z.object({
  package: z.object({
    name: z.string().nullish(),
    version: z.string().nullish(),
    ecosystem: z.string().nullish(),
    commit: z.string().nullish(),
  }),
  vulnerabilities: z.array(z.unknown()).nullish(),
  groups: z
    .array(
      z.object({
        ids: z.array(z.string()).min(1),
        aliases: z.array(z.string()).nullish(),
        // a CVSS score as text ("7.5"); a number is read the same
        max_severity: z.union([z.string(), z.number()]).nullish(),
      }),
    )
    .nullish(),
});
const sourceSchema = z.object({ path: z.string().nullish(), type: z.string().nullish() }).nullish();

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const head = await input.head(4096);
  if (head.byteLength < 4096 && Buffer.from(head).toString('utf8').trim() === '') {
    options?.onWarning?.('osv-scanner: the report is empty; no findings');
    return;
  }
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$.results[*].packages[*]'] });
  // osv-scanner writes `source` before `packages`; if a tool does not, hold that result's packages.
  const resultOf = (m: JsonMatch) => m.ancestors[2] as Record<string, unknown>;
  const matches = holdUntilComplete(stream.matches, (m) => resultOf(m).source !== undefined, resultOf);
  for await (const m of matches) {
    const at = formatJsonPath(m.path);
    const source = parseWith(
      SCANNER,
      sourceSchema,
      resultOf(m).source,
      formatJsonPath(m.path.slice(0, 2)) + '.source',
      'an osv-scanner source {path, type}',
    );
    const pkg = parseWith(
      SCANNER,
      packageSchema,
      m.value,
      at,
      'an osv-scanner package {package, vulnerabilities[]}',
    );
    yield* packageFindings(pkg, source, at);
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || !Array.isArray(doc.results)) {
    throw new ParseError(SCANNER, { path: '$' }, 'osv-scanner --format json output {results[]}', {
      got: describeValue(doc),
    });
  }
}

function* packageFindings(
  pkg: z.infer<typeof packageSchema>,
  source: z.infer<typeof sourceSchema>,
  at: string,
): Generator<Finding> {
  const vulns = new Map<string, OsvVulnerability>();
  for (const [i, v] of (pkg.vulnerabilities ?? []).entries()) {
    const vuln = parseWith(
      SCANNER,
      osvVulnerabilitySchema,
      v,
      `${at}.vulnerabilities[${i}]`,
      'an OSV vulnerability {id}',
    );
    vulns.set(vuln.id, vuln);
  }
  const context = {
    name: pkg.package.name || source?.path || pkg.package.commit || 'unknown',
    version: pkg.package.version || pkg.package.commit || undefined,
    ecosystem: pkg.package.ecosystem || undefined,
    sourcePath: source?.path || undefined,
    sourceType: source?.type || undefined,
  };
  // Without groups (older osv-scanner), or for a vulnerability no group names, each is its own group.
  const groups = [...(pkg.groups ?? [])];
  const grouped = new Set(groups.flatMap((g) => g.ids));
  for (const id of vulns.keys())
    if (!grouped.has(id)) groups.push({ ids: [id], aliases: [], max_severity: undefined });
  for (const [g, group] of groups.entries()) {
    const members = group.ids
      .map((id) => vulns.get(id))
      .filter((v): v is OsvVulnerability => v !== undefined);
    if (members.length === 0) {
      throw new ParseError(
        SCANNER,
        { path: `${at}.groups[${g}]` },
        'a group whose ids are in the package vulnerabilities',
        {
          got: `${group.ids.length} id(s), none of them among the package's vulnerabilities`,
        },
      );
    }
    yield toFinding(SCANNER, { path: `${at}.groups[${g}]` }, osvGroupToDraft(members, group, context));
  }
}

export const osvScannerParser = defineParser({
  id: SCANNER,
  name: 'OSV-Scanner',
  formats: 'osv-scanner --format json (one finding per vulnerability group of each package)',
  detect(head) {
    if (hasAll(head, [key('results'), key('source'), key('packages'), key('package')])) return 90;
    if (/^\s*\{\s*"results"\s*:\s*\[\s*\]\s*(,\s*"experimental_config"[\s\S]*)?\}\s*$/.test(head)) return 30;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
