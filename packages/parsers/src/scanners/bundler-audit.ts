import type { Finding } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { advisoryDraft, insecureSourceDraft, SCANNER } from './bundler-audit-record.js';
import { INSECURE, readBundlerText } from './bundler-audit-text.js';
import { headJson, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parsedMatches } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const text = z.string().nullish();
const score = z.number().nullish();

/** One entry of `bundle-audit check --format json` (0.8+) `results[]`. */
const resultSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('unpatched_gem'),
      gem: z.object({ name: z.string().min(1), version: z.string().min(1) }).loose(),
      advisory: z
        .object({
          id: text,
          url: text,
          title: text,
          date: text,
          description: text,
          cvss_v2: score,
          cvss_v3: score,
          cve: text,
          osvdb: text,
          ghsa: text,
          patched_versions: z.array(z.string()).nullish(),
          criticality: text,
        })
        .loose(),
    })
    .loose(),
  z.object({ type: z.literal('insecure_source'), source: z.string().min(1) }).loose(),
]);

async function* jsonFindings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$.results[*]'] });
  const expected =
    'a bundler-audit result {type: "unpatched_gem", gem, advisory} or {type: "insecure_source", source}';
  for await (const { at, value: r } of parsedMatches(SCANNER, stream.matches, resultSchema, expected)) {
    if (r.type === 'insecure_source') {
      yield toFinding(SCANNER, { path: at }, insecureSourceDraft(r.source));
      continue;
    }
    const a = r.advisory;
    const draft = advisoryDraft(
      {
        gem: r.gem.name,
        version: r.gem.version,
        id: a.id ?? undefined,
        cve: a.cve ?? undefined,
        ghsa: a.ghsa ?? undefined,
        osvdb: a.osvdb ?? undefined,
        criticality: a.criticality ?? undefined,
        cvssV3: a.cvss_v3 ?? undefined,
        cvssV2: a.cvss_v2 ?? undefined,
        url: a.url ?? undefined,
        title: a.title ?? undefined,
        description: a.description ?? undefined,
        date: a.date ?? undefined,
        patched: a.patched_versions ?? [],
      },
      options,
      `${at}.advisory.criticality`,
    );
    yield toFinding(SCANNER, { path: at }, draft);
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || !Array.isArray(doc.results))
    throw new ParseError(
      SCANNER,
      { path: '$' },
      'bundle-audit --format json output {version, created_at, results: []}',
      {
        got: describeValue(doc),
      },
    );
}

async function* textFindings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  for await (const item of readBundlerText(input)) {
    const where = { line: item.line };
    yield toFinding(
      SCANNER,
      where,
      item.kind === 'insecure'
        ? insecureSourceDraft(item.uri)
        : advisoryDraft(item.advisory, options, `line ${item.line}: Criticality`),
    );
  }
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const head = await input.headText();
  yield* /^\s*[{[]/.test(head) ? jsonFindings(input, options) : textFindings(input, options);
}

const TEXT_BLOCK = /^Name: \S[^\n]*\r?\nVersion: \S/m;
const TEXT_ID = /^(?:Advisory|CVE|GHSA): \S/m;
const TEXT_TAIL = /^(?:Criticality|Title|Solution): /m;
const ANSI = /\u001b\[[0-9;]*m/g;
const INSECURE_LINE = new RegExp(`^${INSECURE}\\S`, 'm');

export const bundlerAuditParser = defineParser({
  id: SCANNER,
  name: 'bundler-audit',
  formats:
    'bundle-audit check text output (0.5–0.9: Advisory: or CVE:/GHSA: blocks, --verbose descriptions, insecure sources) and --format json (0.8+: {version, created_at, results[]})',
  detect(raw) {
    const head = raw.includes('\u001b') ? raw.replace(ANSI, '') : raw;
    if (/^\s*\{/.test(head)) {
      if (!key('results').test(head) || !key('created_at').test(head)) return 0;
      if (/"type"\s*:\s*"(?:unpatched_gem|insecure_source)"/.test(head)) return 95;
      const doc = headJson(head);
      return isRecord(doc) &&
        Array.isArray(doc.results) &&
        doc.results.length === 0 &&
        Object.keys(doc).sort().join() === 'created_at,results,version'
        ? 80
        : 0;
    }
    if (TEXT_BLOCK.test(head) && TEXT_ID.test(head) && TEXT_TAIL.test(head)) return 95;
    if (INSECURE_LINE.test(head)) return 90;
    return /^\s*No vulnerabilities found\s*$/.test(head) ? 50 : 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
