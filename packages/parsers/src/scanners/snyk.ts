import type { Finding } from '@scanrelay/findings-schema';
import { holdUntilComplete } from '../io/hold-until-complete.js';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { type JsonMatch, streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { isSnykCodeDriver, type SnykCodeRule, snykCodeResultToDraft, snykCodeRule } from './snyk-code.js';
import { snykProjectSchema, snykVulnerabilitySchema, snykVulnerabilityToDraft } from './snyk-open-source.js';
import { key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { readSkeleton } from './support/read-skeleton.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'snyk';
const EXPECTED =
  'snyk test --json output: a project {vulnerabilities[]}, an array of them (--all-projects), or Snyk Code SARIF';
/** A project's vulnerabilities, and those of the applications in a container image (`--app-vulns`). */
const VULNS = [
  '$.vulnerabilities[*]',
  '$[*].vulnerabilities[*]',
  '$.applications[*].vulnerabilities[*]',
  '$[*].applications[*].vulnerabilities[*]',
];
const SARIF = ['$.runs[*].tool.driver.rules[*]', '$.runs[*].results[*]'];
/** Snyk writes a project's target file, path and remediation after its vulnerabilities. */
const PROJECT_KEYS = ['displayTargetFile', 'targetFile', 'path', 'projectName', 'remediation'];

type Rec = Record<string, unknown>;
const projectOf = (m: JsonMatch): Rec => m.ancestors[m.path.length - 2] as Rec;

/** The project metadata for a vulnerability: from the first pass when there was one, else as read so far. */
function projectContext(m: JsonMatch, skeleton: unknown, at: string) {
  let known = skeleton;
  for (const step of m.path.slice(0, -2))
    known =
      isRecord(known) || Array.isArray(known) ? (known as Record<string | number, unknown>)[step] : undefined;
  const merged = { ...(isRecord(known) ? known : {}), ...projectOf(m), vulnerabilities: [] };
  return parseWith(SCANNER, snykProjectSchema, merged, at, 'a snyk project {vulnerabilities[]}');
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  // First pass (files, text, bytes): every project's metadata without its vulnerabilities (skipped:
  // scanned, neither parsed nor held).
  const skeleton = await readSkeleton(input, SCANNER, [...VULNS, '$.runs[*]']);
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: [...VULNS, ...SARIF] });
  // A one-shot stream: hold each project's vulnerabilities until its metadata has been read.
  const ready = (m: JsonMatch) =>
    m.path[0] === 'runs' || skeleton !== undefined || PROJECT_KEYS.some((k) => k in projectOf(m));
  const rules = new Map<number, Map<string, SnykCodeRule>>();
  for await (const m of holdUntilComplete(stream.matches, ready, projectOf)) {
    const at = formatJsonPath(m.path);
    if (m.path[0] === 'runs') {
      const run = m.path[1] as number;
      const driver = (m.ancestors[2] as Rec).tool;
      const realDriver = isRecord(driver) ? driver.driver : undefined;
      if (!isSnykCodeDriver(realDriver)) {
        throw new ParseError(
          SCANNER,
          { path: `$.runs[${run}].tool.driver.name` },
          'a Snyk Code SARIF log (driver "SnykCode")',
          {
            got: describeValue(isRecord(realDriver) ? realDriver.name : realDriver),
          },
        );
      }
      if (m.path[2] === 'tool') {
        const rule = snykCodeRule(m.value, at);
        rules.set(run, (rules.get(run) ?? new Map()).set(rule.id, rule));
        continue;
      }
      const version =
        isRecord(realDriver) && typeof realDriver.version === 'string' ? realDriver.version : undefined;
      yield toFinding(
        SCANNER,
        { path: at },
        snykCodeResultToDraft(m.value, rules.get(run) ?? new Map(), version, options, at),
      );
      continue;
    }
    const project = projectContext(m, skeleton, formatJsonPath(m.path.slice(0, -2)));
    const vuln = parseWith(
      SCANNER,
      snykVulnerabilitySchema,
      m.value,
      at,
      'a snyk vulnerability {id, title, severity, packageName}',
    );
    yield toFinding(SCANNER, { path: at }, snykVulnerabilityToDraft(vuln, project, options, at));
  }
  checkRoot(stream.skeleton(), options);
}

/** The document must be a project, an array of projects (failed ones are reported and skipped) or SARIF. */
function checkRoot(doc: unknown, options: ParseOptions | undefined): void {
  if (isRecord(doc) && Array.isArray(doc.runs)) return;
  if (isRecord(doc) && Array.isArray(doc.vulnerabilities)) return;
  // A failed scan is not an empty one: `{ok: false, error}`, or a JSON:API `{errors[]}` from newer CLIs.
  const errorKey = !isRecord(doc)
    ? undefined
    : doc.error !== undefined
      ? 'error'
      : Array.isArray(doc.errors)
        ? 'errors'
        : undefined;
  if (errorKey) {
    throw new ParseError(SCANNER, { path: `$.${errorKey}` }, 'a project with vulnerabilities', {
      got: 'an error result from snyk (its text is not repeated: it may quote paths or credentials)',
    });
  }
  if (Array.isArray(doc)) {
    for (const [i, p] of doc.entries()) {
      if (isRecord(p) && Array.isArray(p.vulnerabilities)) continue;
      if (isRecord(p) && (p.error !== undefined || Array.isArray(p.errors)))
        options?.onWarning?.(`snyk: $[${i}] is an error result, not a project (skipped)`);
      else
        throw new ParseError(SCANNER, { path: `$[${i}]` }, 'a snyk project {vulnerabilities[]}', {
          got: describeValue(p),
        });
    }
    return;
  }
  throw new ParseError(SCANNER, { path: '$' }, EXPECTED, { got: describeValue(doc) });
}

/** Collects the dependency paths of merged repeats of one issue (at most 25). */
function combinePaths(kept: Finding, repeat: Finding): void {
  const paths = kept.attributes.dependencyPaths;
  const more = repeat.attributes.dependencyPaths;
  if (Array.isArray(paths) && Array.isArray(more))
    for (const p of more) if (!paths.includes(p) && paths.length < 25) paths.push(p);
}

export const snykParser = defineParser({
  id: SCANNER,
  name: 'Snyk',
  formats:
    'snyk test --json (Open Source, Container with its applications; one project or an --all-projects array); snyk code test --sarif',
  detect(head) {
    if (key('runs').test(head) && /"name"\s*:\s*"SnykCode"/.test(head)) return 95;
    const projectKeys = [
      key('uniqueCount'),
      key('dependencyCount'),
      key('licensesPolicy'),
      key('filesystemPolicy'),
    ];
    if (
      key('vulnerabilities').test(head) &&
      key('packageManager').test(head) &&
      projectKeys.some((p) => p.test(head))
    )
      return 90;
    // Large projects: the project keys come after the vulnerabilities, whose own keys are Snyk's.
    const vulnKeys = [key('packageName'), key('upgradePath'), key('isUpgradable'), key('semver')];
    if (/^\s*[[{]/.test(head) && key('vulnerabilities').test(head) && vulnKeys.every((p) => p.test(head)))
      return 85;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord
      ? findings(input, options)
      : mergeRepeated(findings(input, options), { combine: combinePaths }),
});
