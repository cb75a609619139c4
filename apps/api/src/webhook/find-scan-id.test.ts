import { describe, expect, it } from 'vitest';
import { findScanId } from './find-scan-id.js';

const id = 'a1b2c3d4-e5f6-4711-8899-aabbccddeeff';
const bytes = (s: string) => Buffer.from(s);
const none = new URLSearchParams();

describe('findScanId', () => {
  it('reads the id from the query first', () => {
    expect(
      findScanId(new URLSearchParams({ scanId: id.toUpperCase() }), bytes('{}'), 'application/json'),
    ).toBe(id);
  });

  it('reads ScanId, scanId and a dash-less id from JSON', () => {
    expect(findScanId(none, bytes(JSON.stringify({ ScanId: id })), 'application/json')).toBe(id);
    expect(findScanId(none, bytes(JSON.stringify({ scanId: `{${id}}` })), 'application/json')).toBe(id);
    expect(
      findScanId(
        none,
        bytes(JSON.stringify({ Target: { ScanId: id.replaceAll('-', '') } })),
        'application/json',
      ),
    ).toBe(id);
  });

  it('reads Issue.LatestScanId, also from a form field that holds JSON', () => {
    expect(
      findScanId(none, bytes(JSON.stringify({ Issue: { Id: 'x', LatestScanId: id } })), 'application/json'),
    ).toBe(id);
    const form = new URLSearchParams({
      Title: 'XSS',
      Issue: JSON.stringify({ LatestScanId: id }),
    }).toString();
    expect(findScanId(none, bytes(form), 'application/x-www-form-urlencoded')).toBe(id);
  });

  it('answers undefined when no GUID is there', () => {
    expect(
      findScanId(none, bytes(JSON.stringify({ ScanId: '../../etc/passwd' })), 'application/json'),
    ).toBeUndefined();
    expect(findScanId(none, bytes('not json'), 'text/plain')).toBeUndefined();
    expect(findScanId(none, bytes(''), 'application/json')).toBeUndefined();
  });
});
