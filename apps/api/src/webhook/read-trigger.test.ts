import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../errors/api-problem.js';
import { readTrigger } from './read-trigger.js';

const id = 'a1b2c3d4-e5f6-4711-8899-aabbccddeeff';
const other = 'ffffffff-e5f6-4711-8899-aabbccddeeff';
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const read = (
  via: 'bearer' | 'signature',
  query: string,
  body: Uint8Array,
  contentType = 'application/json',
) => readTrigger({ via, query: new URLSearchParams(query), body, contentType, defaultProject: 'website' });
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiProblem);
    expect((e as ApiProblem).status).toBe(400);
    return (e as ApiProblem).errors?.[0]?.path;
  }
  throw new Error('expected a 400');
};

describe('readTrigger', () => {
  it('acts on a signed delivery only as signed: scan and project from the body', () => {
    expect(read('signature', '', json({ ScanId: id, project: 'shop' }))).toEqual({
      scanId: id,
      project: 'shop',
    });
    expect(read('signature', `scanId=${id.toUpperCase()}&project=website`, json({ ScanId: id }))).toEqual({
      scanId: id,
      project: 'website',
    });
    const form = Buffer.from(new URLSearchParams({ ScanId: id, project: 'forms' }).toString());
    expect(read('signature', '', form, 'application/x-www-form-urlencoded').project).toBe('forms');
  });

  it('refuses an unsigned query that disagrees with the signed body, or a scan id only in the query', () => {
    expect(refusal(() => read('signature', `scanId=${other}`, json({ ScanId: id })))).toBe('scanId');
    expect(refusal(() => read('signature', `scan_id=${other}`, json({ ScanId: id })))).toBe('scan_id');
    expect(refusal(() => read('signature', 'project=elsewhere', json({ ScanId: id, project: 'shop' })))).toBe(
      'project',
    );
    expect(refusal(() => read('signature', 'project=elsewhere', json({ ScanId: id })))).toBe('project');
    expect(refusal(() => read('signature', `scanId=${id}`, json({})))).toBe('ScanId');
  });

  it('keeps reading the query for a token caller', () => {
    expect(read('bearer', `scanId=${other}&project=q`, json({ ScanId: id }))).toEqual({
      scanId: other,
      project: 'q',
    });
    expect(read('bearer', '', json({ ScanId: id }))).toEqual({ scanId: id, project: 'website' });
  });
});
