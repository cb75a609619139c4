import { describe, expect, it } from 'vitest';
import { filterSearch, findingsFilterSchema, toFindingQuery } from './findings-filter.js';
import { sparklinePoints } from './sparkline.js';

describe('findings filter form', () => {
  it('treats empty fields as "any" and keeps the rest as the API query', () => {
    const filter = findingsFilterSchema.parse({
      severity: 'high',
      status: '',
      tool: '  trivy ',
      kind: 'package',
      q: '',
      sort: 'severity',
      order: 'desc',
      cursor: '',
    });
    expect(toFindingQuery(filter)).toEqual({
      limit: 50,
      severity: 'high',
      tool: 'trivy',
      kind: 'package',
      sort: 'severity',
      order: 'desc',
    });
    expect(filterSearch(filter, 'abc_-1')).toBe(
      '?severity=high&tool=trivy&kind=package&sort=severity&order=desc&cursor=abc_-1',
    );
    expect(filterSearch(findingsFilterSchema.parse({}))).toBe('');
  });

  it('refuses values the API refuses, naming the field', () => {
    expect(findingsFilterSchema.safeParse({ severity: 'urgent' }).error?.issues[0]?.path).toEqual([
      'severity',
    ]);
    expect(findingsFilterSchema.safeParse({ q: 'x'.repeat(201) }).success).toBe(false);
    expect(findingsFilterSchema.safeParse({ tool: 'a\u0000b' }).success).toBe(false);
    expect(findingsFilterSchema.safeParse({ cursor: 'a/b' }).success).toBe(false);
  });
});

describe('sparklinePoints', () => {
  it('scales to the box, largest at the top, oldest on the left; one value is a flat line', () => {
    expect(sparklinePoints([3, 2, 1])).toBe('2,2 60,10 118,18');
    expect(sparklinePoints([0, 0])).toBe('2,26 118,26');
    expect(sparklinePoints([5])).toBe('2,2 118,2');
    expect(sparklinePoints([])).toBe('');
  });
});
