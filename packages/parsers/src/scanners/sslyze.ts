import type { Finding } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { readSslyzeJson } from './sslyze-json.js';
import { readSslyzeXml } from './sslyze-xml.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const head = (await input.headText(4096)).trimStart();
  yield* head.startsWith('<') ? readSslyzeXml(input) : readSslyzeJson(input, options);
}

export const sslyzeParser = defineParser({
  id: 'sslyze',
  name: 'SSLyze',
  formats:
    'sslyze --json_out 5.x+ (scan_result) and 3.x/4.x (scan_commands_results); sslyze 1.x/2.x --xml_out (<document SSLyzeVersion>)',
  detect(head) {
    const h = head.trimStart();
    if (h.startsWith('<')) {
      const at = h.indexOf('<document');
      const end = at < 0 ? -1 : h.indexOf('>', at);
      return end > 0 && h.slice(at, end).includes('SSLyzeVersion=') ? 95 : 0;
    }
    if (!h.startsWith('{')) return 0;
    if (
      hasAll(h, [key('server_scan_results')]) &&
      /"sslyze_(?:url|version)"\s*:|"scan_commands_results"\s*:|"scan_result"\s*:/.test(h)
    )
      return 95;
    return 0;
  },
  parse: (input: ParseInput, options?: ParseOptions) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
