import { describe, expect, it } from 'vitest';
import { htmlToText, linksInHtml } from './html-to-text.js';

describe('htmlToText / linksInHtml', () => {
  it('keeps the text, paragraphs and list items, and decodes entities', () => {
    const html =
      '<div><p>Mark the cookie as <em>HTTPOnly</em>.</p><ol><li>See the remedy.</li><li>Fix &amp; retest &#39;now&#39;</li></ol></div>';
    expect(htmlToText(html)).toBe("Mark the cookie as HTTPOnly.\n\n- See the remedy.\n- Fix & retest 'now'");
  });

  it('finds absolute links once each', () => {
    const html =
      "<a target='_blank' href='https://owasp.org/a?x=1&amp;y=2'>A</a><a href=\"https://owasp.org/a?x=1&y=2\">B</a><a href='/relative'>C</a>";
    expect(linksInHtml(html)).toEqual(['https://owasp.org/a?x=1&y=2']);
  });

  it('decodes a numeric reference to no code point as written instead of throwing', () => {
    expect(htmlToText('a &#99999999; &#x110000; &#x41;')).toBe('a &#99999999; &#x110000; A');
  });

  // Linear time on hostile input: each of these took minutes with the former patterns (quadratic);
  // they pass only if they finish within the 10 s timeout.
  describe('on adversarial 1 MB input', () => {
    const MB = 1 << 20;
    const TIMEOUT = { timeout: 10_000 };

    it('a run of blanks with no line break, and one before a line break', TIMEOUT, () => {
      expect(htmlToText(`a${' \t'.repeat(MB / 2)}b`)).toHaveLength(MB + 2);
      expect(htmlToText(`a${' '.repeat(MB)}\nb`)).toBe('a\nb');
    });

    it("'<' without '>' and list items without '>'", TIMEOUT, () => {
      expect(htmlToText('<'.repeat(MB))).toHaveLength(MB);
      expect(htmlToText(`${'<li'.repeat(MB / 4)}`)).toHaveLength((MB / 4) * 3);
      expect(htmlToText(`x${'<'.repeat(MB)}>y`)).toBe('xy');
      expect(htmlToText(`<li>a${'<li'.repeat(MB / 4)}`)).toMatch(/^- a<li<li/);
    });

    it('many line breaks, entities and links', TIMEOUT, () => {
      expect(htmlToText(`a${'\n'.repeat(MB)}b`)).toBe('a\n\nb');
      expect(htmlToText(`&${'a'.repeat(MB)}`)).toHaveLength(MB + 1);
      const links = Array.from({ length: 50_000 }, (_, i) => `<a href='https://example.test/${i}'>`).join('');
      expect(linksInHtml(links)).toHaveLength(50_000);
    });
  });
});
