import { describe, expect, it } from 'vitest';
import * as client from '../src/index.js';
import { useFakeInvicti } from './support.js';

describe('@scanrelay/invicti-client/issue-schema', () => {
  const { fake } = useFakeInvicti();

  it('exports the issue schemas, which read a page of issues as the fake Invicti serves it', async () => {
    const { ISSUE_SEVERITIES, issuePageSchema } = await import('@scanrelay/invicti-client/issue-schema');
    fake().seedIssues(
      { id: '11111111-2222-3333-4444-555555555555', targetUrl: 'https://shop.example.com/' },
      6,
    );
    const res = await fetch(new URL('/api/1.0/issues/allissues?page=1&pageSize=200', fake().url), {
      headers: { authorization: `Basic ${Buffer.from('u-123:tok-SECRET-42').toString('base64')}` },
    });
    const page = issuePageSchema.parse(await res.json());
    expect(page.List).toHaveLength(6);
    expect(page.HasNextPage).toBe(false);
    expect(new Set(page.List.map((i) => i.Severity))).toEqual(
      new Set(['Critical', 'High', 'Medium', 'Low', 'Information', 'BestPractice']),
    );
    expect(page.List.every((i) => (ISSUE_SEVERITIES as readonly string[]).includes(i.Severity))).toBe(true);
  });

  it('is not re-exported by the index, which exports their types only', () => {
    expect(Object.keys(client)).not.toContain('issueSchema');
    expect(Object.keys(client)).not.toContain('issuePageSchema');
  });
});
