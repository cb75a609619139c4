import type { Finding } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonBatches } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import type { ParseOptions } from '../scanner-parser.js';
import {
  type CdxComponent,
  type CdxContext,
  type CdxVulnerability,
  cycloneDxFindings,
} from './cyclonedx-finding.js';
import { isoDate } from './support/field-readers.js';
import { RepeatMerger } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';

const SCANNER = 'cyclonedx';

const text = z.string().nullish();
const sourceSchema = z.object({ name: text, url: text }).loose().nullish();
/** One `vulnerabilities[]` entry, CycloneDX 1.4–1.6 (only `id` and `affects[].ref` are relied on). */
const vulnerabilitySchema = z
  .object({
    id: z.string().min(1),
    source: sourceSchema,
    references: z.array(z.object({ id: text, source: sourceSchema }).loose()).nullish(),
    ratings: z
      .array(
        z
          .object({
            severity: text,
            score: z.union([z.number(), z.string()]).nullish(),
            method: text,
            vector: text,
          })
          .loose(),
      )
      .nullish(),
    cwes: z.array(z.union([z.number(), z.string()])).nullish(),
    description: text,
    detail: text,
    recommendation: text,
    workaround: text,
    advisories: z.array(z.object({ title: text, url: text }).loose()).nullish(),
    published: text,
    analysis: z
      .object({ state: text, justification: text, response: z.array(z.string()).nullish(), detail: text })
      .loose()
      .nullish(),
    affects: z
      .array(
        z
          .object({
            ref: z.string().min(1),
            versions: z.array(z.object({ status: text }).loose()).nullish(),
          })
          .loose(),
      )
      .nullish(),
  })
  .loose();
type JsonVulnerability = z.infer<typeof vulnerabilitySchema>;

// A hand-written twin of `vulnerabilitySchema` for the common case: it accepts only what the schema
// accepts (then the value is read as it is: the schema is loose and changes no value), and anything
// else goes through zod, which gives the same result or the error. zod costs ~3 µs a vulnerability.
type Rec = Record<string, unknown>;
const isObj = (v: unknown): v is Rec =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.hasOwn(v, '__proto__');
const isText = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string';
const isNullish = (v: unknown): boolean => v === undefined || v === null;
const isSource = (v: unknown): boolean => isNullish(v) || (isObj(v) && isText(v.name) && isText(v.url));

function everyItem(v: unknown, check: (item: unknown) => boolean): boolean {
  if (isNullish(v)) return true;
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!check(v[i])) return false;
  return true;
}
const isReference = (r: unknown): boolean => isObj(r) && isText(r.id) && isSource(r.source);
const isRating = (r: unknown): boolean =>
  isObj(r) &&
  isText(r.severity) &&
  (isText(r.score) || (typeof r.score === 'number' && Number.isFinite(r.score))) &&
  isText(r.method) &&
  isText(r.vector);
const isCwe = (c: unknown): boolean => typeof c === 'string' || (typeof c === 'number' && Number.isFinite(c));
const isAdvisory = (a: unknown): boolean => isObj(a) && isText(a.title) && isText(a.url);
const isString = (x: unknown): boolean => typeof x === 'string';
const isVersion = (x: unknown): boolean => isObj(x) && isText(x.status);
const isAffect = (a: unknown): boolean =>
  isObj(a) && typeof a.ref === 'string' && a.ref.length >= 1 && everyItem(a.versions, isVersion);

function isPlainVulnerability(v: unknown): v is JsonVulnerability {
  if (!isObj(v) || typeof v.id !== 'string' || v.id.length < 1) return false;
  const an = v.analysis;
  return (
    isSource(v.source) &&
    everyItem(v.references, isReference) &&
    everyItem(v.ratings, isRating) &&
    everyItem(v.cwes, isCwe) &&
    isText(v.description) &&
    isText(v.detail) &&
    isText(v.recommendation) &&
    isText(v.workaround) &&
    everyItem(v.advisories, isAdvisory) &&
    isText(v.published) &&
    (isNullish(an) ||
      (isObj(an) &&
        isText(an.state) &&
        isText(an.justification) &&
        everyItem(an.response, isString) &&
        isText(an.detail))) &&
    everyItem(v.affects, isAffect)
  );
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const opt = (v: string | null | undefined): string | undefined => (v ? v : undefined);

/** Every component of a subtree by bom-ref (nested `components` included), without recursion limits. */
function addComponents(root: unknown, into: Map<string, CdxComponent>): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const c = stack.pop();
    if (!isRecord(c)) continue;
    const ref = str(c['bom-ref']);
    const name = str(c.name);
    if (ref && name) into.set(ref, { name, version: str(c.version), purl: str(c.purl), group: str(c.group) });
    if (Array.isArray(c.components)) for (const child of c.components) stack.push(child);
  }
}

/** An affect whose every listed version is `unaffected` is not a finding (CycloneDX 1.4+ `versions`). */
function isAffected(a: NonNullable<JsonVulnerability['affects']>[number]): boolean {
  const vs = a.versions ?? [];
  return vs.length === 0 || vs.some((x) => x.status !== 'unaffected');
}

function toVulnerability(v: JsonVulnerability): CdxVulnerability {
  return {
    id: v.id,
    refs: (v.affects ?? []).filter(isAffected).map((a) => a.ref),
    ratings: (v.ratings ?? []).map((r) => ({
      severity: opt(r.severity),
      score: r.score === null || r.score === undefined || r.score === '' ? undefined : Number(r.score),
      method: opt(r.method),
      vector: opt(r.vector),
    })),
    cwes: v.cwes ?? [],
    otherIds: (v.references ?? []).map((r) => r.id).filter((x): x is string => !!x),
    description: opt(v.description),
    detail: opt(v.detail),
    recommendation: opt(v.recommendation),
    workaround: opt(v.workaround),
    advisories: (v.advisories ?? []).map((a) => a.url).filter((x): x is string => !!x),
    sourceName: opt(v.source?.name),
    sourceUrl: opt(v.source?.url),
    published: opt(v.published),
    analysis: v.analysis
      ? {
          ...(v.analysis.state ? { state: v.analysis.state } : {}),
          ...(v.analysis.justification ? { justification: v.analysis.justification } : {}),
          response: v.analysis.response ?? [],
          ...(v.analysis.detail ? { detail: v.analysis.detail } : {}),
        }
      : undefined,
  };
}

/** Tool and subject from `metadata` (tools as the 1.4 array or the 1.5 `{components, services}`). */
function jsonContext(root: unknown, subjectValue: unknown, options: ParseOptions | undefined): CdxContext {
  const meta = isRecord(root) && isRecord(root.metadata) ? root.metadata : {};
  const tools = Array.isArray(meta.tools)
    ? meta.tools
    : isRecord(meta.tools) && Array.isArray(meta.tools.components)
      ? meta.tools.components
      : [];
  const first = tools.find((t): t is Rec => isRecord(t) && str(t.name) !== undefined);
  const subject = isRecord(subjectValue) ? subjectValue : undefined;
  const subjectName = str(subject?.name);
  const subjectVersion = str(subject?.version);
  const version = first ? str(first.version) : undefined;
  return {
    tool: {
      id: SCANNER,
      name: first ? (str(first.name) as string) : 'CycloneDX',
      ...(version ? { version } : {}),
    },
    subject: subjectName,
    subjectVersion,
    identifiedAt: isoDate(meta.timestamp),
    options,
  };
}

function checkRoot(doc: unknown): void {
  if (isRecord(doc) && (doc.bomFormat === 'CycloneDX' || 'specVersion' in doc)) return;
  throw new ParseError(SCANNER, { path: '$' }, 'a CycloneDX JSON BOM {bomFormat: "CycloneDX", specVersion}', {
    got: describeValue(doc),
  });
}

/** Repeats merged (RepeatMerger), or every finding passed on as it comes (`oneFindingPerRecord`). */
type Merger = Pick<RepeatMerger, 'push' | 'flush'>;
const passThrough: Merger = { push: (f) => f, flush: () => [] };

/** A vulnerability's findings: read by hand when it has the usual shape, else through zod. */
function mapVulnerability(
  value: unknown,
  at: string,
  components: ReadonlyMap<string, CdxComponent>,
  context: CdxContext,
): Finding[] {
  const v = isPlainVulnerability(value)
    ? value
    : parseWith(SCANNER, vulnerabilitySchema, value, at, 'a CycloneDX vulnerability {id, affects[].ref}');
  return cycloneDxFindings(toVulnerability(v), components, { path: at }, context);
}

/** True when every `affects[].ref` names a component already read. */
function refsKnown(value: unknown, components: ReadonlyMap<string, CdxComponent>): boolean {
  if (!isRecord(value) || !Array.isArray(value.affects)) return true;
  for (const a of value.affects)
    if (isRecord(a) && typeof a.ref === 'string' && !components.has(a.ref)) return false;
  return true;
}

const SKIP = ['$.dependencies', '$.compositions', '$.services', '$.formulation', '$.annotations'];

/**
 * Streams the BOM once: components (and metadata.component) fill the bom-ref map; a vulnerability
 * whose refs are all known is mapped at once (the schema's order puts components first). Others wait
 * for the end: by index when the input can be read again (a second pass re-reads only those), else
 * held in memory. Repeats are merged unless `oneFindingPerRecord`, here rather than by a
 * `mergeRepeated` layer: this is the parse's only generator (each layer costs every finding).
 */
export async function* cycloneDxJsonFindings(
  input: ParseInput,
  options: ParseOptions | undefined,
  /** Reads the input instead when it starts like XML (`<`). */
  xml?: (input: ParseInput, options: ParseOptions | undefined) => AsyncIterable<Finding>,
): AsyncGenerator<Finding> {
  if (xml && /^\s*</.test(await input.headText(1024))) {
    yield* xml(input, options);
    return;
  }
  const merger: Merger = options?.oneFindingPerRecord ? passThrough : new RepeatMerger();
  const components = new Map<string, CdxComponent>();
  const waiting: { at: string; value: unknown; index: number }[] = [];
  let context: CdxContext | undefined;
  let subject: unknown;
  const stream = streamJsonBatches(input, {
    scanner: SCANNER,
    select: ['$.metadata.component', '$.components[*]', '$.vulnerabilities[*]'],
    skip: SKIP,
  });
  for await (const batch of stream.batches) {
    for (let i = 0; i < batch.length; i++) {
      const m = batch[i]!;
      if (m.path[0] !== 'vulnerabilities') {
        if (m.path[0] === 'metadata') subject = m.value;
        addComponents(m.value, components);
        continue;
      }
      if (!context) {
        checkRoot(m.ancestors[0]);
        context = jsonContext(m.ancestors[0], subject, options);
      }
      const index = m.path[1] as number;
      const at = `$.vulnerabilities[${index}]`;
      if (!refsKnown(m.value, components)) {
        waiting.push({ at, index, value: input.isReplayable ? undefined : m.value });
        continue;
      }
      const found = mapVulnerability(m.value, at, components, context);
      for (let k = 0; k < found.length; k++) {
        const released = merger.push(found[k]!);
        if (released) yield released;
      }
    }
  }
  const doc = stream.skeleton();
  checkRoot(doc);
  if (waiting.length > 0) {
    context = jsonContext(doc, subject, options);
    if (!input.isReplayable) {
      for (const w of waiting) {
        for (const f of mapVulnerability(w.value, w.at, components, context)) {
          const released = merger.push(f);
          if (released) yield released;
        }
      }
    } else {
      const wanted = new Set(waiting.map((w) => w.index));
      const again = streamJsonBatches(input, {
        scanner: SCANNER,
        select: ['$.vulnerabilities[*]'],
        skip: ['$.components', '$.dependencies', '$.compositions', '$.services', '$.formulation'],
      });
      for await (const batch of again.batches) {
        for (const m of batch) {
          const index = m.path[1] as number;
          if (!wanted.has(index)) continue;
          for (const f of mapVulnerability(m.value, `$.vulnerabilities[${index}]`, components, context)) {
            const released = merger.push(f);
            if (released) yield released;
          }
        }
      }
    }
  }
  for (const f of merger.flush()) yield f;
}
