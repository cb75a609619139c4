import type { Finding, FindingDraft } from '@scanrelay/findings-schema';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { hotspotDraft, reportIssueDraft, type SonarRules, webIssueDraft } from './sonarqube-issue.js';
import { hasAll, headJson, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'sonarqube';

type Shape = 'web-issues' | 'web-hotspots' | 'sonar-report';

/** Which of the three JSON shapes the document is, from its top-level members (the skeleton or a match's root). */
function shapeOf(root: Record<string, unknown>): Shape | undefined {
  if ('sonarComponent' in root || 'sonarBaseURL' in root || 'vulnerabilityPhrase' in root)
    return 'sonar-report';
  if ('hotspots' in root) return 'web-hotspots';
  if ('issues' in root) return 'web-issues';
  return undefined;
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$.issues[*]', '$.hotspots[*]'],
  });
  for await (const m of stream.matches) {
    const at = formatJsonPath(m.path);
    const root = m.ancestors[0] as Record<string, unknown>;
    let draft: FindingDraft;
    if (m.path[0] === 'hotspots') draft = hotspotDraft(m.value, at, options);
    else if (shapeOf(root) === 'sonar-report' || isRecord(root.rules))
      // sonar-report writes `rules` (an object keyed by rule) before `issues`; the Web API's is an array.
      draft = reportIssueDraft(m.value, at, options, (isRecord(root.rules) ? root.rules : {}) as SonarRules);
    else draft = webIssueDraft(m.value, at, options);
    yield toFinding(SCANNER, { path: at }, draft);
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || (!Array.isArray(doc.issues) && !Array.isArray(doc.hotspots))) {
    throw new ParseError(
      SCANNER,
      { path: '$' },
      'a SonarQube api/issues/search or api/hotspots/search answer, or a sonar-report JSON, with "issues" or "hotspots"',
      { got: describeValue(doc) },
    );
  }
}

const WEB_KEYS = new Set([
  'total',
  'p',
  'ps',
  'paging',
  'effortTotal',
  'debtTotal',
  'issues',
  'components',
  'facets',
  'rules',
  'users',
  'languages',
]);

export const sonarqubeParser = defineParser({
  id: SCANNER,
  name: 'SonarQube',
  formats:
    'SonarQube Web API JSON: api/issues/search ({paging, issues[], components[]}; severity or 10.2+ impacts) and api/hotspots/search ({paging, hotspots[], components[]}); soprasteria sonar-report JSON ({sonarComponent, rules{}, issues[]}). Not the sonar-report HTML',
  detect(head) {
    if (!/^\s*\{/.test(head)) return 0;
    // sonar-report: its own settings keys.
    if (
      hasAll(head, [key('issues'), key('sonarComponent')]) ||
      hasAll(head, [key('issues'), key('vulnerabilityPhrase')])
    )
      return 95;
    if (hasAll(head, [key('hotspots'), key('vulnerabilityProbability'), key('ruleKey')])) return 95;
    if (hasAll(head, [key('issues'), key('paging'), key('rule'), key('component'), key('project')]))
      return 95;
    const doc = headJson(head);
    if (!isRecord(doc) || !isRecord(doc.paging)) return 0;
    const keys = Object.keys(doc);
    // Empty answers: the Web API's own member names only.
    if (
      Array.isArray(doc.hotspots) &&
      keys.every((k) => k === 'paging' || k === 'hotspots' || k === 'components')
    )
      return 90;
    if (Array.isArray(doc.issues) && keys.includes('components') && keys.every((k) => WEB_KEYS.has(k)))
      return 90;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
