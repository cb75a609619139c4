import { describe, expect, it } from 'vitest';
import { loginPath, safeNext } from './session-cookie.js';

describe('safeNext', () => {
  it('keeps dashboard paths and refuses everything else', () => {
    expect(safeNext('/dashboard/projects/web?severity=high')).toBe('/dashboard/projects/web?severity=high');
    expect(safeNext('/dashboard')).toBe('/dashboard');
    for (const bad of [
      '//evil.test',
      '/\\evil.test',
      'https://evil.test/dashboard',
      '/dashboardx',
      '/login',
      '/dashboard/\\evil',
      '/dashboard/a b',
      '/dashboard\n/x',
      undefined,
    ])
      expect(safeNext(bad)).toBe('/dashboard');
    expect(loginPath('/dashboard/findings/1')).toBe('/login?next=%2Fdashboard%2Ffindings%2F1');
    expect(loginPath('/dashboard')).toBe('/login');
  });

  it('reads a long hostile next in linear time', () => {
    const started = performance.now();
    expect(safeNext(`/dashboard/${'/'.repeat(200_000)}\\`)).toBe('/dashboard');
    expect(performance.now() - started).toBeLessThan(500);
  });
});
