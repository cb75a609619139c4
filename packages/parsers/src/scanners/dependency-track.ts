import type { Finding } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { type DtContext, dtFindingSchema, toDependencyTrackFinding } from './dependency-track-finding.js';
import { headJson, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';

const SCANNER = 'dependency-track';
const EXPECTED_ROOT =
  'a Dependency-Track Finding Packaging Format export {version, meta, project, findings[]}';
const DT_APPLICATION = /"application"\s*:\s*"Dependency-Track"/;

/** Tool version and project from the skeleton read so far (meta and project precede findings). */
function contextOf(root: unknown, options: ParseOptions | undefined): DtContext {
  const r = isRecord(root) ? root : {};
  const meta = isRecord(r.meta) ? r.meta : {};
  const project = isRecord(r.project) ? r.project : {};
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    toolVersion: str(meta.version),
    projectName: str(project.name),
    projectVersion: str(project.version),
    options,
  };
}

function checkRoot(doc: unknown): void {
  if (!isRecord(doc))
    throw new ParseError(SCANNER, { path: '$' }, EXPECTED_ROOT, { got: describeValue(doc) });
  const f = doc.findings;
  // DefectDojo's samples: a missing, null or empty findings member is an export without findings.
  if (f !== undefined && f !== null && !Array.isArray(f))
    throw new ParseError(SCANNER, { path: '$.findings' }, 'an array of findings', { got: describeValue(f) });
  if (!('findings' in doc) && !('meta' in doc) && !('project' in doc))
    throw new ParseError(SCANNER, { path: '$' }, EXPECTED_ROOT, {
      got: `an object with members ${Object.keys(doc).slice(0, 5).join(', ') || 'none'}`,
    });
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$.findings[*]'] });
  let context: DtContext | undefined;
  for await (const m of stream.matches) {
    if (!context) {
      checkRoot(m.ancestors[0]);
      context = contextOf(m.ancestors[0], options);
    }
    const at = `$.findings[${m.path[1] as number}]`;
    const f = parseWith(
      SCANNER,
      dtFindingSchema,
      m.value,
      at,
      'a finding {component: {name}, vulnerability: {vulnId}}',
    );
    yield toDependencyTrackFinding(f, at, context);
  }
  checkRoot(stream.skeleton());
}

export const dependencyTrackParser = defineParser({
  id: SCANNER,
  name: 'Dependency-Track',
  formats:
    'Dependency-Track Finding Packaging Format (FPF) JSON 1.0–1.3 (Dependency-Track 3.x and 4.x: aliases, CVSS v2/v3/v4, EPSS, analysis state and suppression)',
  detect(head) {
    if (!/^\s*\{/.test(head)) return 0;
    if (DT_APPLICATION.test(head) && (key('findings').test(head) || key('project').test(head))) return 95;
    // Without meta: the FPF finding's own members.
    if (key('matrix').test(head) && key('vulnId').test(head) && key('component').test(head)) return 90;
    const doc = headJson(head);
    if (isRecord(doc) && isRecord(doc.meta) && doc.meta.application === 'Dependency-Track') return 95;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
