import type { Finding } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { openvasCsvResults } from './openvas-csv.js';
import { OPENVAS, openvasDraft } from './openvas-result.js';
import { openvasXmlResults } from './openvas-xml.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { toFinding } from './support/to-finding.js';

/** The CSV header's first columns, as every Greenbone release writes them. */
const CSV_HEADER = /^\uFEFF?IP,Hostname,Port,Port Protocol,CVSS,Severity,/;
/** The id of Greenbone's XML report format, in the `format_id` of the report element. */
const XML_FORMAT_ID = 'format_id="a994b278-1f62-11e1-96ac-406186ea4fc5"';

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const head = await input.headText(4096);
  const isXml = /^\uFEFF?\s*</.test(head);
  const results = isXml ? openvasXmlResults(input) : openvasCsvResults(input);
  let skipped = 0;
  for await (const { result, line } of results) {
    const where = `line ${line}`;
    const draft = openvasDraft(result, options, where);
    if (!draft) {
      if (isXml) skipped += 1;
      else
        throw new ParseError(OPENVAS, { line }, 'an OpenVAS CSV result with its IP or Hostname', {
          got: 'a row without them',
        });
      continue;
    }
    yield toFinding(OPENVAS, { line }, draft);
  }
  if (skipped > 0) options?.onWarning?.(`openvas: ${skipped} result(s) without a host are not imported`);
}

export const openvasParser = defineParser({
  id: OPENVAS,
  name: 'OpenVAS',
  formats:
    'Greenbone/OpenVAS XML report (GMP 7+ / OpenVAS 8+: report/results/result with host, port, nvt, threat, severity; old nvt cve/xref and new refs/severities) and the CSV results export; one finding per NVT, host and port',
  detect(head) {
    if (CSV_HEADER.test(head) && /,NVT Name,/.test(head.slice(0, 2000))) return 95;
    if (!/^\uFEFF?\s*</.test(head)) return 0;
    if (head.includes(XML_FORMAT_ID) && /<report\b/.test(head)) return 95;
    if (/<get_reports_response\b/.test(head) && /<report\b/.test(head)) return 90;
    if (/<report\b/.test(head) && /<results\b[^>]{0,200}>\s*<result\b/.test(head) && /<nvt oid="/.test(head))
      return 90;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
