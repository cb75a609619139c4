import type { Finding } from '@scanrelay/findings-schema';
import { ParseInput } from '../io/parse-input.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { cycloneDxJsonFindings } from './cyclonedx-json.js';
import { cycloneDxXmlFindings } from './cyclonedx-xml.js';
import { mergeRepeated } from './support/merge-repeated.js';

const SCANNER = 'cyclonedx';
const JSON_BOM = /"bomFormat"\s*:\s*"CycloneDX"/;
/** A `<bom>` element (any prefix) and the CycloneDX BOM namespace (`http://cyclonedx.org/schema/bom/1.4`). */
const XML_BOM_TAG = /<(?:[A-Za-z_][\w.-]{0,40}:)?bom[\s>]/;
const XML_BOM_NAMESPACE = 'http://cyclonedx.org/schema/bom/';

/** An XML BOM; repeats merged unless `oneFindingPerRecord` (the JSON reader merges them itself). */
function xmlFindings(input: ParseInput, options: ParseOptions | undefined): AsyncIterable<Finding> {
  return options?.oneFindingPerRecord
    ? cycloneDxXmlFindings(input, options)
    : mergeRepeated(cycloneDxXmlFindings(input, options));
}

export const cyclonedxParser = defineParser({
  id: SCANNER,
  name: 'CycloneDX',
  formats:
    'CycloneDX BOM/VEX JSON and XML 1.2–1.6 with vulnerabilities (native vulnerabilities[] with affects, ratings and analysis; the 1.0 vulnerability extension of XML 1.2/1.3 BOMs)',
  detect(head) {
    const start = /^\s*([{<])/.exec(head)?.[1];
    if (start === '{') return JSON_BOM.test(head) ? 95 : 0;
    if (start === '<') return head.includes(XML_BOM_NAMESPACE) && XML_BOM_TAG.test(head) ? 95 : 0;
    return 0;
  },
  parse(input, options) {
    // The JSON reader looks at the head first and hands an XML BOM to xmlFindings: a JSON BOM's
    // findings then pass through one generator only.
    return cycloneDxJsonFindings(ParseInput.from(input), options, xmlFindings);
  },
});
