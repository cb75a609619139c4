import type { Finding } from '@scanrelay/findings-schema';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { acunetixXmlFindings } from './acunetix-xml.js';
import {
  type InvictiReportContext,
  invictiReportVulnerabilitySchema,
  invictiReportVulnerabilityToDraft,
} from './invicti-report.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'acunetix';
/** Acunetix 360 is built on Netsparker: its JSON report is Invicti's, with this tool name. */
const ACUNETIX_360_TOOL = { id: SCANNER, name: 'Acunetix 360' } as const;
const ISSUE_URL = 'https://online.acunetix360.com/issues/detail/';

function reportContext(root: unknown): InvictiReportContext {
  const r = isRecord(root) ? root : {};
  const target = isRecord(r.Target) ? r.Target : {};
  return {
    scanId: typeof target.ScanId === 'string' ? target.ScanId : undefined,
    target: typeof target.Url === 'string' ? target.Url : undefined,
    generated: typeof r.Generated === 'string' ? r.Generated : undefined,
  };
}

/** The Acunetix 360 JSON report ({Generated, Target, Vulnerabilities[]}), read with Invicti's mapping. */
async function* acunetix360Findings(
  input: ParseInput,
  options: ParseOptions | undefined,
): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$.Vulnerabilities[*]'] });
  for await (const m of stream.matches) {
    const at = formatJsonPath(m.path);
    const v = parseWith(
      SCANNER,
      invictiReportVulnerabilitySchema,
      m.value,
      at,
      'an Acunetix 360 vulnerability {Name, Url, Severity}',
    );
    const draft = invictiReportVulnerabilityToDraft(v, reportContext(m.ancestors[0]), options, at);
    const issue = v.LookupId ? [`${ISSUE_URL}${v.LookupId}`] : [];
    yield toFinding(
      SCANNER,
      { path: at },
      {
        ...draft,
        tool: ACUNETIX_360_TOOL,
        references: [...(draft.references ?? []), ...issue],
      },
    );
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || !Array.isArray(doc.Vulnerabilities))
    throw new ParseError(
      SCANNER,
      { path: '$' },
      'an Acunetix 360 JSON report {Generated, Target, Vulnerabilities[]}',
      {
        got: describeValue(doc),
      },
    );
}

/** XML when the first non-blank character is `<`, else the Acunetix 360 JSON report. */
async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const first = (await input.headText(1024)).trimStart()[0];
  yield* first === '<' ? acunetixXmlFindings(input, options) : acunetix360Findings(input, options);
}

export const acunetixParser = defineParser({
  id: SCANNER,
  name: 'Acunetix',
  formats:
    'Acunetix WVS / Premium XML export (<ScanGroup><Scan>…<ReportItems><ReportItem>); Acunetix 360 JSON report (the Invicti/Netsparker layout, read only with --scanner-type acunetix: auto-detection gives it to invicti)',
  detect(head) {
    if (!/<ScanGroup[\s>]/.test(head)) return 0;
    return /<Scan>|<ReportItems>|<StartURL>/.test(head) ? 95 : 60;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
