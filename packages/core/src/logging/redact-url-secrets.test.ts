import { describe, expect, it } from 'vitest';
import { redactUrlSecrets } from './redact-url-secrets.js';

describe('redactUrlSecrets', () => {
  it.each([
    ['https://user:pw@host.example/x', 'https://***@host.example/x'],
    [
      'see redis://:pw@cache:6379 and postgres://u@db/x',
      'see redis://***@cache:6379 and postgres://***@db/x',
    ],
    ['https://host.example/a@b', 'https://host.example/a@b'],
    ['http://a://u:p@b/', 'http://a://***@b/'],
    ['/api/v1/webhooks/x?token=abc&scanId=1', '/api/v1/webhooks/x?token=***&scanId=1'],
    ['https://h/?page=1&API_KEY=abc#frag', 'https://h/?page=1&API_KEY=***#frag'],
    ['no url here: a=b', 'no url here: a=b'],
  ])('%s', (input, expected) => {
    expect(redactUrlSecrets(input)).toBe(expected);
  });

  it('handles a megabyte of adversarial text (many "://" without "@")', () => {
    const text = 'a://'.repeat(250_000);
    expect(redactUrlSecrets(text)).toBe(text);
  });
});
