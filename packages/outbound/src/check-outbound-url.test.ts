import { describe, expect, it } from 'vitest';
import { checkOutboundUrl } from './check-outbound-url.js';
import { outboundUrlRefinement } from './outbound-url-refinement.js';

const refusal = (url: string, policy = {}) => {
  const r = checkOutboundUrl(url, policy);
  return r.ok ? 'ok' : r.code;
};

describe('checkOutboundUrl', () => {
  it('accepts https URLs with public hosts and names', () => {
    const r = checkOutboundUrl('https://hooks.example.com:8443/in?x=1');
    expect(r).toMatchObject({ ok: true, hostname: 'hooks.example.com', address: undefined });
    expect(checkOutboundUrl('https://[2606:4700:4700::1111]/')).toMatchObject({
      ok: true,
      address: '2606:4700:4700::1111',
    });
  });

  it('refuses http unless allowed, and every other scheme', () => {
    expect(refusal('http://hooks.example.com/')).toBe('scheme_not_allowed');
    expect(refusal('http://hooks.example.com/', { allowHttp: true })).toBe('ok');
    for (const url of [
      'ftp://example.com/',
      'file:///etc/passwd',
      'gopher://example.com/',
      'javascript:alert(1)',
    ])
      expect(refusal(url, { allowHttp: true }), url).toBe('scheme_not_allowed');
    expect(refusal('not a url')).toBe('invalid_url');
    expect(refusal('/relative')).toBe('invalid_url');
  });

  it('refuses credentials in the URL without quoting them', () => {
    const r = checkOutboundUrl('https://user:hunter2@example.com/');
    expect(r).toMatchObject({ ok: false, code: 'credentials_in_url' });
    expect(JSON.stringify(r)).not.toContain('hunter2');
    expect(refusal('https://token@example.com/')).toBe('credentials_in_url');
  });

  it('refuses private IP literals in every form URL parsing normalises', () => {
    for (const host of [
      '169.254.169.254',
      '0x7f000001',
      '017700000001',
      '2130706433',
      '127.1',
      '0x7f.1',
      '0',
      '0.0.0.0',
      '10.0.0.1',
      '100.64.0.1',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '[::ffff:169.254.169.254]',
      '[fc00::1]',
      '[fe80::1]',
      'localhost',
      'LOCALHOST.',
      'api.localhost',
    ]) {
      expect(refusal(`https://${host}/`), host).toBe('private_address');
    }
    expect(checkOutboundUrl('https://0x7f000001/')).toMatchObject({
      reason: '127.0.0.1 is a private or special address',
    });
  });

  it('allows private addresses when the operator does', () => {
    expect(refusal('https://127.0.0.1/', { allowPrivateUrls: true })).toBe('ok');
    expect(refusal('https://localhost/', { allowPrivateUrls: true })).toBe('ok');
    expect(refusal('https://[::1]/', { allowPrivateUrls: true })).toBe('ok');
    // The operator's allowance is about addresses, not credentials or schemes.
    expect(refusal('https://u:p@127.0.0.1/', { allowPrivateUrls: true })).toBe('credentials_in_url');
    expect(refusal('http://127.0.0.1/', { allowPrivateUrls: true })).toBe('scheme_not_allowed');
  });
});

describe('outboundUrlRefinement', () => {
  it('adds one custom issue per refused URL, as zod superRefine expects', () => {
    const issues: unknown[] = [];
    const ctx = { addIssue: (i: unknown) => issues.push(i) };
    const refine = outboundUrlRefinement();
    refine('https://example.com/hook', ctx);
    expect(issues).toEqual([]);
    refine('http://169.254.169.254/latest/meta-data/', ctx);
    refine('https://169.254.169.254/latest/meta-data/', ctx);
    expect(issues).toEqual([
      {
        code: 'custom',
        message: 'expected an https URL, got http',
        input: 'http://169.254.169.254/latest/meta-data/',
      },
      {
        code: 'custom',
        message: '169.254.169.254 is a private or special address',
        input: 'https://169.254.169.254/latest/meta-data/',
      },
    ]);
  });
});
