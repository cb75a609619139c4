import { describe, expect, it } from 'vitest';
import { describeHead } from './describe-head.js';
import { isParseError } from './parse-error.js';
import { detectScanner } from './registry.js';

describe('describeHead', () => {
  it('names the shape of the document', () => {
    expect(describeHead('{"a":1,"b":2,"c":3}')).toBe('a JSON object with 3 top-level keys');
    expect(describeHead(' [1]')).toBe('a JSON array of 1 item');
    expect(describeHead('"x"')).toBe('a JSON string');
    expect(describeHead('{"a":1}\n{"a":2}\n')).toBe('JSON lines (one JSON value per line)');
    expect(describeHead('{"a":')).toBe('a document that starts like a JSON object');
    expect(describeHead('[{"a":')).toBe('a document that starts like a JSON array');
    expect(describeHead('<?xml version="1.0"?><checkstyle/>')).toBe('an XML or HTML document');
    expect(describeHead('total 0\nfoo bar')).toBe('text that is neither JSON nor XML');
  });
});

describe('the detection error', () => {
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

  it('describes an unrecognised document without quoting it, not even its keys', async () => {
    const text = JSON.stringify({
      aws_access_key_id: 'AKIAIOSFODNN7EXAMPLE',
      aws_secret_access_key: SECRET,
      n: 1,
    });
    const e = await detectScanner({ text }).catch((x: unknown) => x);
    expect(isParseError(e)).toBe(true);
    const message = (e as Error).message;
    expect(message).toMatch(/got an unrecognised document: a JSON object with 3 top-level keys$/);
    for (const content of [SECRET, 'wJal', 'AKIA', 'aws_secret_access_key', 'aws_access_key_id'])
      expect(message).not.toContain(content);
  });

  it('quotes nothing from JSON lines, truncated JSON or plain text either', async () => {
    for (const text of [
      `{"token":"${SECRET}"}\n{"token":"${SECRET}"}\n`,
      `{"token":"${SECRET}`,
      `password=${SECRET}\n`,
      `<secret>${SECRET}</secret>`,
    ]) {
      const e = await detectScanner({ text }).catch((x: unknown) => x);
      expect(isParseError(e), text).toBe(true);
      expect((e as Error).message).not.toContain('wJal');
      expect((e as Error).message).not.toMatch(/token|password|secret>/);
    }
  });
});
