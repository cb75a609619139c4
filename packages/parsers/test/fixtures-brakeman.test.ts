import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { brakemanParser } from '../src/scanners/brakeman.js';
import { foreignHeads } from './expected.js';
import { dataDir, parseDetected } from './support/parse-report.js';

// Reports in brakeman's -f json shape (no DefectDojo sample): brakeman-6.1.json (cwe_id, an ignored
// warning) and brakeman-4.10.json (no cwe_id, a null line, a parse error).
const ID = 'brakeman';
const data = dataDir(ID);

const parse = (path: string, onWarning?: (m: string) => void) => parseDetected(ID, { path }, { onWarning });

describe('brakeman -f json', () => {
  it('auto-detects every report in test/data/brakeman', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('brakeman 6.1: one finding per warning, confidence, CWE, fingerprint as stable id', async () => {
    const warnings: string[] = [];
    const f = await parse(data('brakeman-6.1.json'), (m) => warnings.push(m));
    expect(f.map((x) => [x.ruleId, x.severity, x.confidence, x.cwe])).toEqual([
      ['SQL', 'medium', 'high', ['CWE-89']],
      ['Execute', 'medium', 'medium', ['CWE-77']],
      ['CrossSiteScripting', 'medium', 'low', ['CWE-79']],
      ['Redirect', 'medium', 'high', ['CWE-601']],
    ]);
    expect(f[0]).toMatchObject({
      tool: { id: 'brakeman', name: 'Brakeman', version: '6.1.2' },
      name: 'SQL Injection: Possible SQL injection',
      category: 'SAST',
      stableId: '6d3f2a5e0c1b8e7a9f4d2c6b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e',
      references: ['https://brakemanscanner.org/docs/warning_types/sql_injection/'],
      identifiedAt: '2024-02-12T09:15:04.000Z',
      location: { kind: 'source', file: 'app/models/product.rb', startLine: 12 },
      attributes: { userInput: 'params[:q]', class: 'Product', warningCode: 0 },
    });
    expect(f[2]?.attributes).toMatchObject({ template: 'products/show', renderPathLength: 1 });
    expect(warnings).toEqual(['brakeman: 1 warning(s) ignored in brakeman.ignore are not imported']);
  });

  it('brakeman 4.10: no cwe_id, a null line; same fingerprint as 6.1 for the same warning', async () => {
    const warnings: string[] = [];
    const old = await parse(data('brakeman-4.10.json'), (m) => warnings.push(m));
    expect(
      old.map((x) => [x.ruleId, x.cwe, x.location?.kind === 'source' ? x.location.startLine : 0]),
    ).toEqual([
      ['SQL', [], 12],
      ['ModelAttributes', [], undefined],
    ]);
    const now = await parse(data('brakeman-6.1.json'));
    expect(old[0]?.fingerprint).toBe(now[0]?.fingerprint);
    expect(warnings).toEqual(['brakeman: the report lists 1 error(s) (files brakeman could not parse)']);
  });

  it('a warning without its fingerprint is a ParseError at its JSON path', async () => {
    const text = JSON.stringify({
      scan_info: { brakeman_version: '6.1.2' },
      warnings: [{ warning_type: 'SQL Injection', message: 'x', file: 'a.rb', confidence: 'High' }],
    });
    const e = await collect((await parseReport({ text }, { scannerType: ID })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^brakeman: at \$\.warnings\[0\]\.fingerprint: expected a brakeman warning/,
    );
  });
});

describe.runIf(need('fixtures'))('brakeman detection is exclusive', () => {
  it('detects no other format', () => {
    for (const { file, head } of foreignHeads([], [ID])) expect(brakemanParser.detect(head), file).toBe(0);
  });
});
