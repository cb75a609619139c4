import { headJson } from './scanners/support/head-json.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describeJson(doc: unknown): string {
  if (Array.isArray(doc)) return `a JSON array of ${plural(doc.length, 'item')}`;
  if (doc === null) return 'JSON null';
  if (typeof doc === 'object')
    return `a JSON object with ${plural(Object.keys(doc).length, 'top-level key')}`;
  return `a JSON ${typeof doc}`;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * What a report's head looks like, for the detection error: its shape, never its content, not even
 * key or element names (a report may hold secrets, and error messages travel to logs and answers).
 */
export function describeHead(head: string): string {
  const doc = headJson(head);
  if (doc !== undefined) return describeJson(doc);
  const text = head.trimStart();
  const newline = text.indexOf('\n');
  if (newline > 0 && isJson(text.slice(0, newline))) return 'JSON lines (one JSON value per line)';
  // Larger than the head, or not valid JSON: either way only its start is known.
  if (text.startsWith('{')) return 'a document that starts like a JSON object';
  if (text.startsWith('[')) return 'a document that starts like a JSON array';
  if (text.startsWith('<')) return 'an XML or HTML document';
  return 'text that is neither JSON nor XML';
}
