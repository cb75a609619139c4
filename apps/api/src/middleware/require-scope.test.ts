import { describe, expect, it } from 'vitest';
import { hasScope, readApiKey } from './require-scope.js';

describe('readApiKey', () => {
  it('reads a bearer token or X-API-Key', () => {
    expect(readApiKey(new Headers({ authorization: 'Bearer sr_abc123' }))).toBe('sr_abc123');
    expect(readApiKey(new Headers({ authorization: 'bearer   sr_abc123  ' }))).toBe('sr_abc123');
    expect(readApiKey(new Headers({ 'x-api-key': ' sr_xyz ' }))).toBe('sr_xyz');
  });

  it('ignores other schemes and empty values', () => {
    expect(readApiKey(new Headers({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeUndefined();
    expect(readApiKey(new Headers({ 'x-api-key': '  ' }))).toBeUndefined();
    expect(readApiKey(new Headers())).toBeUndefined();
  });
});

describe('hasScope', () => {
  it('grants admin every scope and nothing else beyond what a key has', () => {
    expect(hasScope(['admin'], 'upload')).toBe(true);
    expect(hasScope(['read'], 'read')).toBe(true);
    expect(hasScope(['read'], 'upload')).toBe(false);
  });
});
