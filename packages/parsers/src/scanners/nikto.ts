import type { Finding } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { streamXmlElements, xmlChildText } from '../io/xml-elements.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser } from '../scanner-parser.js';
import { type NiktoHost, niktoItemToFinding, NIKTO_SCANNER as SCANNER } from './nikto-item.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';

const idLike = z.union([z.string(), z.number()]).transform(String);
const optionalText = z.union([z.string(), z.number()]).nullish();
/** One entry of `vulnerabilities[]` (nikto -Format json, 2.1.6 and 2.5: ids as strings or numbers). */
const jsonItemSchema = z
  .object({
    id: idLike,
    OSVDB: idLike.nullish(),
    method: z.string().nullish(),
    url: z.string().nullish(),
    msg: z.string().min(1),
    references: optionalText,
  })
  .loose();

const text = (v: unknown): string | undefined =>
  (typeof v === 'string' || typeof v === 'number') && String(v).trim() !== '' ? String(v).trim() : undefined;

function jsonHost(v: unknown): NiktoHost {
  const h = isRecord(v) ? v : {};
  return { host: text(h.host), ip: text(h.ip), port: text(h.port), banner: text(h.banner) };
}

async function* jsonFindings(input: ParseInput): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$.vulnerabilities[*]', '$[*].vulnerabilities[*]'],
  });
  for await (const m of stream.matches) {
    const at = formatJsonPath(m.path);
    // Nikto writes host, ip, port and banner before vulnerabilities.
    const host = jsonHost(typeof m.path[0] === 'number' ? m.ancestors[1] : m.ancestors[0]);
    const v = parseWith(SCANNER, jsonItemSchema, m.value, at, 'a Nikto vulnerability {id, url, msg}');
    yield niktoItemToFinding(
      {
        id: v.id,
        osvdb: v.OSVDB ?? undefined,
        method: v.method ?? undefined,
        uri: v.url ?? undefined,
        message: v.msg,
        references: v.references === null || v.references === undefined ? undefined : String(v.references),
      },
      host,
      { path: at },
    );
  }
  const doc = stream.skeleton();
  const isHost = (h: unknown) => isRecord(h) && Array.isArray(h.vulnerabilities);
  if (isHost(doc) || (Array.isArray(doc) && doc.every(isHost))) return;
  throw new ParseError(
    SCANNER,
    { path: '$' },
    'a nikto -Format json report {host, ip, port, vulnerabilities[]} or an array of them',
    { got: describeValue(doc) },
  );
}

async function* xmlFindings(input: ParseInput): AsyncGenerator<Finding> {
  let index = 0;
  const stream = streamXmlElements(input, {
    scanner: SCANNER,
    roots: ['niktoscan', 'niktoscans'],
    expected: 'a nikto -Format xml report (<niktoscan><scandetails><item>)',
    select: (p) => p.length >= 3 && p[p.length - 1] === 'item' && p[p.length - 2] === 'scandetails',
  });
  for await (const m of stream) {
    const el = m.element;
    const details = m.ancestors[m.ancestors.length - 1] ?? {};
    const scan = [...m.ancestors].reverse().find((a) => a.version) ?? {};
    const at = `/${m.path.join('/')}[${++index}]`;
    const id = el.attributes.id?.trim();
    const message = xmlChildText(el, 'description');
    if (!id || !message)
      throw new ParseError(SCANNER, { line: el.line, path: at }, 'a Nikto <item id> with a <description>', {
        got: id ? 'an item without a description' : 'an item without an id',
      });
    yield niktoItemToFinding(
      {
        id,
        osvdb: el.attributes.osvdbid,
        method: el.attributes.method,
        uri: xmlChildText(el, 'uri'),
        fullUrl: xmlChildText(el, 'namelink'),
        ipUrl: xmlChildText(el, 'iplink'),
        message,
        references: xmlChildText(el, 'references'),
      },
      {
        host: details.targethostname || details.hostheader,
        ip: details.targetip,
        port: details.targetport,
        banner: details.targetbanner,
        startTime: details.starttime,
        siteUrl: details.sitename,
        version: scan.version,
      },
      { line: el.line, path: at },
    );
  }
}

/** Nikto rates nothing, so no option changes a finding. */
async function* findings(input: ParseInput): AsyncGenerator<Finding> {
  const first = (await input.headText(1024)).trimStart()[0];
  yield* first === '<' ? xmlFindings(input) : jsonFindings(input);
}

export const niktoParser = defineParser({
  id: SCANNER,
  name: 'Nikto',
  formats:
    'nikto -Format xml (<niktoscan><scandetails><item>, the 2.1.5 layout and the nested <niktoscan><niktoscan> of 2.1.6/2.5); nikto -Format json (one host object {host, ip, port, banner, vulnerabilities[]} of 2.1.6, or the array of them of 2.5)',
  detect(head) {
    const h = head.trimStart();
    if (h.startsWith('<')) {
      if (!/<niktoscans?[\s>]/.test(h)) return 0;
      return /<scandetails[\s>]|nxmlversion=|DOCTYPE niktoscan/.test(h) ? 95 : 60;
    }
    if (!/^[[{]/.test(h)) return 0;
    const hostKeys = /"host"\s*:/.test(h) && /"vulnerabilities"\s*:/.test(h) && /"banner"\s*:/.test(h);
    const itemKeys = /"msg"\s*:/.test(h) && /"url"\s*:/.test(h) && /"method"\s*:/.test(h);
    if (hostKeys && (itemKeys || /"vulnerabilities"\s*:\s*\[\s*\]/.test(h))) return 90;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input) : mergeRepeated(findings(input)),
});
