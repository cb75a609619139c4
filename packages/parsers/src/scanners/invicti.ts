import type { Finding } from '@scanrelay/findings-schema';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { invictiIssueToFinding } from './invicti-issue.js';
import {
  type InvictiReportContext,
  invictiReportVulnerabilitySchema,
  invictiReportVulnerabilityToDraft,
} from './invicti-report.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'invicti';
const EXPECTED =
  'an Invicti/Netsparker JSON report {Generated, Target, Vulnerabilities[]}, an Invicti API issue, an array of issues, or a page {List[], HasNextPage}';

const isIssue = (v: unknown): boolean =>
  isRecord(v) && typeof v.Title === 'string' && 'Severity' in v && 'Url' in v;

function reportContext(root: Record<string, unknown>): InvictiReportContext {
  const target = isRecord(root.Target) ? root.Target : {};
  return {
    scanId: typeof target.ScanId === 'string' ? target.ScanId : undefined,
    target: typeof target.Url === 'string' ? target.Url : undefined,
    generated: typeof root.Generated === 'string' ? root.Generated : undefined,
  };
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$.Vulnerabilities[*]', '$.List[*]', '$[*]'],
  });
  for await (const m of stream.matches) {
    const at = formatJsonPath(m.path);
    if (m.path[0] === 'Vulnerabilities') {
      // Invicti writes Generated and Target before Vulnerabilities (its keys are sorted).
      const context = reportContext(m.ancestors[0] as Record<string, unknown>);
      const v = parseWith(
        SCANNER,
        invictiReportVulnerabilitySchema,
        m.value,
        at,
        'an Invicti vulnerability {Name, Url, Severity}',
      );
      yield toFinding(SCANNER, { path: at }, invictiReportVulnerabilityToDraft(v, context, options, at));
    } else {
      yield invictiIssueToFinding(m.value, options, at);
    }
  }
  const doc = stream.skeleton();
  if (isRecord(doc) && Array.isArray(doc.Vulnerabilities)) return;
  if (isRecord(doc) && Array.isArray(doc.List)) {
    if (doc.HasNextPage === true)
      options?.onWarning?.(
        'invicti: this page says HasNextPage=true; only the issues in this page are imported',
      );
    return;
  }
  if (Array.isArray(doc)) return;
  if (isIssue(doc)) {
    yield invictiIssueToFinding(doc, options, '$');
    return;
  }
  throw new ParseError(SCANNER, { path: '$' }, EXPECTED, { got: describeValue(doc) });
}

export const invictiParser = defineParser({
  id: SCANNER,
  name: 'Invicti (Netsparker)',
  formats:
    'Invicti/Netsparker JSON vulnerabilities report; Invicti API v1 issues (one, an array, or an issues/allissues page)',
  detect(head) {
    if (hasAll(head, [key('Generated'), key('Target'), key('Vulnerabilities')])) return 95;
    const apiIssue =
      /"(LatestScanId|WebsiteRootUrl|VulnerabilityDetail|LatestVulnerabilityIsConfirmed)"\s*:/.test(head);
    if (apiIssue && hasAll(head, [key('Title'), key('Severity'), key('Url')])) return 90;
    if (hasAll(head, [key('List'), key('HasNextPage'), key('PageNumber')])) return 50;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
