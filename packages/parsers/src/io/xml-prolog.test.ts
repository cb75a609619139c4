import { describe, expect, it } from 'vitest';
import { createXmlPrologFixer } from './xml-prolog.js';

/** Feeds `text` in pieces of `size` characters and returns what the fixer passes on. */
function feed(text: string, size: number): string {
  const fixer = createXmlPrologFixer();
  let out = '';
  for (let i = 0; i < text.length; i += size) out += fixer.push(text.slice(i, i + size));
  return out + fixer.end();
}

describe('createXmlPrologFixer', () => {
  const decl = '<?xml version="1.0" encoding="UTF-8"?>';

  it('blanks a declaration after a comment, keeping every offset and line', () => {
    const text = `<!--\n license\n-->\n\n${decl}\n<root/>`;
    for (const size of [1, 3, 7, text.length]) {
      const out = feed(text, size);
      expect(out).toHaveLength(text.length);
      expect(out).toBe(`<!--\n license\n-->\n\n${' '.repeat(decl.length)}\n<root/>`);
    }
  });

  it('blanks it after whitespace or another processing instruction', () => {
    expect(feed(`\n  ${decl}<r/>`, 2)).toBe(`\n  ${' '.repeat(decl.length)}<r/>`);
    const pi = '<?xml-stylesheet href="a.xsl"?>';
    expect(feed(`${pi}${decl}<r/>`, 5)).toBe(`${pi}${' '.repeat(decl.length)}<r/>`);
  });

  it('leaves a declaration at the start, a document without one and the body untouched', () => {
    const first = `${decl}<!-- c --><r><?xml version="1.0"?></r>`;
    expect(feed(first, 4)).toBe(first);
    expect(feed('<!-- c --><r/>', 1)).toBe('<!-- c --><r/>');
    // A declaration inside a comment is a comment.
    expect(feed(`<!-- ${decl} --><r/>`, 3)).toBe(`<!-- ${decl} --><r/>`);
  });

  it('passes an unclosed comment or an empty text through at the end', () => {
    expect(feed('<!-- never closed', 4)).toBe('<!-- never closed');
    expect(feed('', 1)).toBe('');
  });
});
