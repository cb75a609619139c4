import type { Finding, FindingDraft, Severity } from '@scanrelay/findings-schema';
import { holdUntilComplete } from '../io/hold-until-complete.js';
import { formatJsonPath } from '../io/json-path.js';
import type { JsonMatch } from '../io/json-scanner.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { cweIds } from './support/cwe-ids.js';
import { nonEmptyString } from './support/field-readers.js';
import { key } from './support/head-json.js';
import { isRecord } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'retirejs';
const EXPECTED =
  'a retire --outputformat json report: {version, start, data[{file, results[]}], messages, errors} or the older array of {file, results[]}';
const RANK: Readonly<Record<Severity, number>> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

type Rec = Record<string, unknown>;

const fileOf = (m: JsonMatch): Rec => m.ancestors[m.path.length - 2] as Rec;
const strings = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '');

/**
 * The vulnerability's id: its first CVE, else its GitHub advisory, else retire.js's own id, else
 * the component's issue or bug number, else its summary. Entries of one component with the same id
 * (retire.js lists some CVEs under two issues) are one vulnerability.
 */
function idOf(component: string, ids: Rec): string {
  const cve = strings(ids.CVE)[0] ?? nonEmptyString(ids.githubID);
  if (cve) return cve;
  if (nonEmptyString(ids.retid)) return `retire-${ids.retid}`;
  const issue = nonEmptyString(String(ids.issue ?? ids.bug ?? ''));
  if (issue) return `${component}-${ids.issue !== undefined ? 'issue' : 'bug'}-${issue}`;
  return `${component}: ${nonEmptyString(ids.summary) ?? 'vulnerable version'}`;
}

interface Vuln {
  id: string;
  summaries: string[];
  severity: Severity;
  cve: string[];
  cwe: string[];
  info: string[];
  below?: string;
  atOrAbove?: string;
  raw: Rec[];
}

function addVuln(
  byId: Map<string, Vuln>,
  component: string,
  v: unknown,
  at: string,
  options: ParseOptions | undefined,
) {
  if (!isRecord(v))
    throw new ParseError(SCANNER, { path: at }, 'a retire.js vulnerability {severity, identifiers, info[]}', {
      got: describeValue(v),
    });
  const ids = isRecord(v.identifiers) ? v.identifiers : {};
  const id = idOf(component, ids);
  const severity = severityOf(v.severity, options, `${at}.severity`);
  const known = byId.get(id);
  const vuln: Vuln = known ?? { id, summaries: [], severity, cve: [], cwe: [], info: [], raw: [] };
  if (RANK[severity] > RANK[vuln.severity]) vuln.severity = severity;
  const add = (list: string[], more: string[]) => {
    for (const x of more) if (!list.includes(x)) list.push(x);
  };
  add(vuln.summaries, strings(ids.summary));
  add(vuln.cve, [...strings(ids.CVE), ...strings(ids.githubID)]);
  add(vuln.cwe, cweIds(v.cwe));
  add(vuln.info, strings(v.info));
  vuln.below ??= nonEmptyString(v.below);
  vuln.atOrAbove ??= nonEmptyString(v.atOrAbove);
  byId.set(id, vuln);
}

function draftOf(
  v: Vuln,
  component: string,
  version: string | undefined,
  file: string | undefined,
  tool: FindingDraft['tool'],
): FindingDraft {
  const summary = v.summaries.join('; ') || v.id;
  const range = [v.atOrAbove ? `>= ${v.atOrAbove}` : '', v.below ? `< ${v.below}` : '']
    .filter(Boolean)
    .join(', ');
  return {
    tool,
    ruleId: v.id,
    name: `${v.summaries[0] ?? v.id} (${component}${version ? `, ${version}` : ''})`,
    description: `${summary}${range ? `\n\nAffected versions: ${range}` : ''}${file ? `\n\nFound in ${file}` : ''}`,
    severity: v.severity,
    category: 'SCA',
    location: {
      kind: 'package',
      name: component,
      version,
      fixedVersion: v.below,
      ecosystem: 'npm',
      purl: `pkg:npm/${encodeURIComponent(component)}${version ? `@${encodeURIComponent(version)}` : ''}`,
      path: file,
    },
    cve: v.cve,
    cwe: v.cwe,
    references: v.info,
    mitigation: v.below ? `Upgrade ${component} to ${v.below} or later.` : undefined,
    attributes: {},
  };
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$[*].results[*]', '$.data[*].results[*]'],
  });
  for await (const m of holdUntilComplete(stream.matches, (x) => 'file' in fileOf(x), fileOf)) {
    const at = formatJsonPath(m.path);
    const r = m.value;
    if (!isRecord(r) || !nonEmptyString(r.component))
      throw new ParseError(
        SCANNER,
        { path: at },
        'a retire.js result {component, version, vulnerabilities[]}',
        {
          got: describeValue(isRecord(r) ? r.component : r),
        },
      );
    if (r.vulnerabilities === undefined) continue; // --verbose lists components without vulnerabilities
    if (!Array.isArray(r.vulnerabilities))
      throw new ParseError(SCANNER, { path: `${at}.vulnerabilities` }, 'an array of vulnerabilities', {
        got: describeValue(r.vulnerabilities),
      });
    const component = r.component as string;
    const version = nonEmptyString(r.version);
    const file = nonEmptyString(fileOf(m).file);
    const root = m.ancestors[0];
    const toolVersion = isRecord(root) ? nonEmptyString(root.version) : undefined;
    const tool = { id: SCANNER, name: 'Retire.js', ...(toolVersion ? { version: toolVersion } : {}) };
    const byId = new Map<string, Vuln>();
    for (const [i, v] of r.vulnerabilities.entries())
      addVuln(byId, component, v, `${at}.vulnerabilities[${i}]`, options);
    for (const v of byId.values()) {
      const draft = draftOf(v, component, version, file, tool);
      draft.attributes = { ...(nonEmptyString(r.detection) ? { detection: r.detection } : {}) };
      yield toFinding(SCANNER, { path: at }, draft);
    }
  }
  checkRoot(stream.skeleton(), options);
}

function checkRoot(doc: unknown, options: ParseOptions | undefined): void {
  const data = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.data) ? doc.data : undefined;
  if (!data) throw new ParseError(SCANNER, { path: '$' }, EXPECTED, { got: describeValue(doc) });
  const base = Array.isArray(doc) ? '$' : '$.data';
  for (const [i, entry] of data.entries())
    if (!isRecord(entry) || !Array.isArray(entry.results))
      throw new ParseError(SCANNER, { path: `${base}[${i}]` }, 'a retire.js file entry {file, results[]}', {
        got: describeValue(entry),
      });
  if (isRecord(doc) && Array.isArray(doc.errors) && doc.errors.length > 0)
    options?.onWarning?.(
      `retirejs: the report lists ${doc.errors.length} scan error(s); they are not findings`,
    );
}

export const retirejsParser = defineParser({
  id: SCANNER,
  name: 'Retire.js',
  formats:
    'retire --outputformat json: {version, start, data[], messages, errors} and the older array of {file, results[]} (also jsonsimple); one finding per vulnerability of each component and file',
  detect(head) {
    if (/^\s*\{/.test(head)) {
      if (!key('data').test(head) || !key('start').test(head)) return 0;
      if (key('component').test(head) && key('results').test(head)) return 95;
      return key('messages').test(head) && key('errors').test(head) && key('version').test(head) ? 80 : 0;
    }
    if (!/^\s*\[/.test(head)) return 0;
    return key('file').test(head) && key('results').test(head) && key('component').test(head) ? 90 : 0;
  },
  parse: (input, options) => findings(input, options),
});
