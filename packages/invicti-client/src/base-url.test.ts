import { describe, expect, it } from 'vitest';
import { normalizeBaseUrl } from './base-url.js';

describe('normalizeBaseUrl', () => {
  it('appends /api/1.0/ to a host and keeps an API URL as given', () => {
    expect(normalizeBaseUrl('https://www.netsparkercloud.com')).toBe(
      'https://www.netsparkercloud.com/api/1.0/',
    );
    expect(normalizeBaseUrl('https://eu.netsparker.cloud/api/1.0')).toBe(
      'https://eu.netsparker.cloud/api/1.0/',
    );
    expect(normalizeBaseUrl('http://localhost:8080/invicti/api/1.0/')).toBe(
      'http://localhost:8080/invicti/api/1.0/',
    );
    expect(normalizeBaseUrl(' https://scanner.example.org/ ')).toBe('https://scanner.example.org/api/1.0/');
  });

  it('refuses other schemes, credentials in the URL and nonsense', () => {
    expect(() => normalizeBaseUrl('ftp://host')).toThrow(/expected http or https, got ftp/);
    expect(() => normalizeBaseUrl('https://user:secret@host')).toThrow(/credentials in the URL are refused/);
    expect(() => normalizeBaseUrl('not a url')).toThrow(TypeError);
    expect(() => normalizeBaseUrl('https://host/?x=1')).toThrow(/no query string/);
  });
});
