import { describe, expect, it } from 'vitest';
import { ParseError } from '../parse-error.js';
import { ParseInput } from './parse-input.js';
import {
  streamXmlElements,
  type XmlElementsOptions,
  xmlAt,
  xmlChildren,
  xmlChildText,
} from './xml-elements.js';

const options: XmlElementsOptions = {
  scanner: 'demo',
  roots: ['report'],
  expected: 'a demo XML report',
  select: (p) => p.length === 3 && p[2] === 'item',
};

async function read(text: string, o: Partial<XmlElementsOptions> = {}) {
  const out = [];
  for await (const m of streamXmlElements(new ParseInput({ text }), { ...options, ...o })) out.push(m);
  return out;
}
async function failure(text: string, o: Partial<XmlElementsOptions> = {}): Promise<ParseError> {
  const e = await read(text, o).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ParseError);
  return e as ParseError;
}

const REPORT = `<!-- exported -->
<?xml version="1.0"?>
<report version="2"><host name="a.test">
  <item id="1"><name>First</name><detail><![CDATA[<b>x</b> & y]]></detail><ref>r1</ref><ref>r2</ref></item>
  <other><item id="nested-not-selected"/></other>
  <item id="2"><name>  Second  </name><x:meta xmlns:x="urn:x"><x:k>v</x:k></x:meta></item>
</host><host name="b.test"><item id="3"/></host></report>`;

describe('streamXmlElements', () => {
  it('yields each selected element whole, in order, with its path and its ancestors’ attributes', async () => {
    const got = await read(REPORT);
    expect(got.map((m) => m.element.attributes.id)).toEqual(['1', '2', '3']);
    expect(got[0]?.path).toEqual(['report', 'host', 'item']);
    expect(got[0]?.ancestors).toEqual([{ version: '2' }, { name: 'a.test' }]);
    expect(got[2]?.ancestors[1]).toEqual({ name: 'b.test' });
    const first = got[0]!.element;
    expect(xmlChildText(first, 'name')).toBe('First');
    expect(xmlChildText(first, 'detail')).toBe('<b>x</b> & y');
    expect(xmlChildren(first, 'ref').map((r) => r.text)).toEqual(['r1', 'r2']);
    expect(first.line).toBe(4);
    // Namespace prefixes are dropped: local names only.
    expect(xmlAt(got[1]!.element, 'meta', 'k')?.text).toBe('v');
    expect(xmlChildText(got[1]!.element, 'name')).toBe('Second');
  });

  it('keeps at most maxTextChars of a text and maxChildren children', async () => {
    const text = `<report><h><item><d>${'a'.repeat(5000)}</d>${'<c/>'.repeat(50)}</item></h></report>`;
    const [m] = await read(text, { maxTextChars: 100, maxChildren: 10 });
    expect(xmlChildText(m!.element, 'd')).toHaveLength(100);
    expect(m!.element.children).toHaveLength(10);
  });

  it('refuses another root, entity declarations, malformed XML and an empty document with a ParseError', async () => {
    expect((await failure('<nmaprun><host/></nmaprun>')).detail).toMatch(
      /^demo: at line 1: expected a demo XML report, got a <nmaprun> root element/,
    );
    const bomb = '<?xml version="1.0"?><!DOCTYPE report [<!ENTITY a "aaaa">]><report>&a;</report>';
    expect((await failure(bomb)).detail).toMatch(
      /without entity declarations, got a DOCTYPE declaring entities/,
    );
    const broken = await failure('<report>\n<host>\n<item secret-value-here="x">\n</report>');
    expect(broken.detail).toMatch(/^demo: at line \d: expected well-formed XML, got /);
    expect(broken.detail).not.toContain('secret-value-here');
    expect((await failure('   ')).detail).toMatch(/got a document without a root element/);
  });

  it('streams: an element is yielded before the rest of the document is read', async () => {
    async function* chunks() {
      yield Buffer.from('<report><h><item id="1"/></h>');
      throw new Error('the rest never came');
    }
    const it = streamXmlElements(new ParseInput({ stream: chunks() }), options);
    expect((await it.next()).value?.element.attributes.id).toBe('1');
  });
});

describe('streamXmlElements across chunk boundaries', () => {
  it('reads the same elements, texts and lines whatever the chunk size, multi-byte characters included', async () => {
    const items = Array.from(
      { length: 300 },
      (_, i) =>
        `<item id="${i}"><name>é✓ ${i} — ünïcødé 𝄞</name><d><![CDATA[a<b ${'x'.repeat(i)}]]></d></item>`,
    ).join('\n');
    const text = `<report>\n<host>\n${items}\n</host></report>`;
    const bytes = Buffer.from(text);
    async function viaChunks(size: number) {
      async function* chunks() {
        for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
      }
      const out = [];
      for await (const m of streamXmlElements(new ParseInput({ stream: chunks() }), options))
        out.push([
          m.element.attributes.id,
          xmlChildText(m.element, 'name'),
          xmlChildText(m.element, 'd'),
          m.element.line,
        ]);
      return out;
    }
    const whole = (await read(text)).map((m) => [
      m.element.attributes.id,
      xmlChildText(m.element, 'name'),
      xmlChildText(m.element, 'd'),
      m.element.line,
    ]);
    expect(whole).toHaveLength(300);
    expect(whole[299]).toEqual(['299', 'é✓ 299 — ünïcødé 𝄞', `a<b ${'x'.repeat(299)}`, 302]);
    for (const size of [1, 3, 7, 4096]) expect(await viaChunks(size), `chunks of ${size}`).toEqual(whole);
  });
});
