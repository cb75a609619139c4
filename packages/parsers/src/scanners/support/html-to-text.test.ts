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
});
