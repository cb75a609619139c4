import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir, need } from '@scanrelay/test-utils';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { fromSecureCodeBox, toSecureCodeBox } from '../src/index.js';
import { sampleFindings, triagedSampleFindings } from './sample-findings.js';

describe.runIf(need('fixtures'))("toSecureCodeBox against secureCodeBox's own findings schema", () => {
  const schema = JSON.parse(
    readFileSync(path.join(fixturesDir, 'securecodebox', 'findings-schema.json'), 'utf8'),
  );
  // secureCodeBox's parser SDK validates with ajv (draft-04) and ajv-formats; `nullable` is an OpenAPI word.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('produces an array the schema accepts, for every location kind and scanner convention', () => {
    const scb = toSecureCodeBox(sampleFindings(), { name: 'nightly', scanType: 'scanrelay' });
    const ok = validate(scb);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(scb).toHaveLength(6);
  });

  it('accepts triaged findings: a false positive and an accepted risk, their decision in attributes', () => {
    const scb = toSecureCodeBox(triagedSampleFindings(), { name: 'nightly', scanType: 'scanrelay' });
    expect(validate(scb)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    expect(scb[0]?.attributes?.falsePositive).toBe(true);
    expect(scb[1]?.attributes?.scanrelay).toMatchObject({
      triage: { status: 'accepted-risk', accepted_until: '2027-06-30T23:59:59.999Z' },
    });
  });

  it('is rejected by the schema when a severity is not one of the four', () => {
    const scb = toSecureCodeBox(sampleFindings().slice(0, 1), { name: 'n', scanType: 't' });
    const bad = [{ ...scb[0], severity: 'CRITICAL' }];
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/0/severity');
  });

  it('an empty list is valid and reads back as no findings', () => {
    const scb = toSecureCodeBox([], { name: 'n', scanType: 't' });
    expect(validate(scb)).toBe(true);
    expect(fromSecureCodeBox(scb)).toEqual([]);
  });
});
