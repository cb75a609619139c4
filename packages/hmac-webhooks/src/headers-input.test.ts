import { describe, expect, it } from 'vitest';
import { getHeader } from './headers-input.js';

describe('getHeader', () => {
  it('reads a lower-case record key, any other case, node arrays and a fetch Headers alike', () => {
    expect(getHeader({ 'x-webhook-id': 'a' }, 'x-webhook-id')).toBe('a');
    expect(getHeader({ 'X-Webhook-Id': 'b' }, 'x-webhook-id')).toBe('b');
    expect(getHeader({ 'X-WEBHOOK-ID': ['c', 'd'] }, 'x-webhook-id')).toBe('c, d');
    expect(getHeader(new Headers({ 'X-Webhook-Id': 'e' }), 'x-webhook-id')).toBe('e');
    expect(getHeader(new Headers(), 'x-webhook-id')).toBeUndefined();
    expect(getHeader({ 'x-webhook-idx': 'f', other: 'g' }, 'x-webhook-id')).toBeUndefined();
  });

  it('prefers the exact lower-case key, and reads records without a prototype', () => {
    expect(getHeader({ 'X-Webhook-Id': 'upper', 'x-webhook-id': 'lower' }, 'x-webhook-id')).toBe('lower');
    const bare = Object.assign(Object.create(null) as Record<string, string>, { 'X-Webhook-Id': 'h' });
    expect(getHeader(bare, 'x-webhook-id')).toBe('h');
  });

  it('ignores inherited keys in the case-insensitive scan', () => {
    const record = Object.create({ 'X-Webhook-Id': 'inherited' }) as Record<string, string>;
    expect(getHeader(record, 'x-webhook-id')).toBeUndefined();
  });
});
