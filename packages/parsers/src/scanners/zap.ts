import type { Finding } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { zapAlertToFinding } from './zap-alert.js';
import { readZapJson } from './zap-json.js';
import { readZapXml } from './zap-xml.js';

/** OWASP ZAP: the XML report (classic and xml-plus) and the traditional JSON report. */
export const zapParser = defineParser({
  id: 'zap',
  name: 'OWASP ZAP',
  formats: 'XML report (OWASPZAPReport, also xml-plus), traditional JSON report',
  detect(head: string): number {
    const h = head.trimStart();
    if (h.startsWith('<')) return /<OWASPZAPReport[\s>]/.test(h) ? 100 : 0;
    if (!h.startsWith('{')) return 0;
    if (/"@programName"\s*:\s*"ZAP/.test(h)) return 95;
    return /"site"\s*:/.test(h) && /"alerts"\s*:/.test(h) && /"pluginid"\s*:/.test(h) ? 90 : 0;
  },
  async *parse(input: ParseInput, options?: ParseOptions): AsyncIterable<Finding> {
    const head = (await input.headText(4096)).trimStart();
    // One finding per alert either way; the secureCodeBox export also needs every instance whole.
    const read = { keepAll: options?.oneFindingPerRecord === true };
    const alerts = head.startsWith('{') ? readZapJson(input, read) : readZapXml(input, read);
    for await (const alert of alerts) yield zapAlertToFinding(alert, read);
  },
});
