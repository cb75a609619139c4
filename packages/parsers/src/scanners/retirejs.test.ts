import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { isParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { retirejsParser } from './retirejs.js';

const path = (name: string) => new URL(`../../test/data/${name}`, import.meta.url).pathname;
const parse = (source: ConstructorParameters<typeof ParseInput>[0], onWarning?: (w: string) => void) =>
  collect(retirejsParser.parse(new ParseInput(source), { onWarning }));

describe('retirejs parser', () => {
  it('reads the old array shape: one finding per vulnerability of each component and file', async () => {
    const findings = await parse({ path: path('retirejs/old-array.json') });
    expect(
      findings.map((f) => [f.ruleId, f.severity, f.location?.kind === 'package' && f.location.fixedVersion]),
    ).toEqual([
      ['angularjs: XSS through SVG if enableSvg is set', 'low', '1.6.9'],
      ['CVE-2020-7676', 'medium', '1.8.0'],
      ['CVE-2012-6708', 'medium', '1.9.0b1'],
      // retire.js lists CVE-2015-9251 under two jquery issues: one vulnerability, the higher severity
      ['CVE-2015-9251', 'high', '1.12.0'],
    ]);
    expect(findings[3]).toMatchObject({
      tool: { id: 'retirejs', name: 'Retire.js' },
      name: '3rd party CORS request may execute (jquery, 1.8.1)',
      category: 'SCA',
      cve: ['CVE-2015-9251'],
      references: ['https://github.com/jquery/jquery/issues/2432', 'https://bugs.jquery.com/ticket/11974'],
      location: {
        kind: 'package',
        name: 'jquery',
        version: '1.8.1',
        purl: 'pkg:npm/jquery@1.8.1',
        path: '/web/public/js/jquery-1.8.1.js',
      },
      mitigation: 'Upgrade jquery to 1.12.0 or later.',
      attributes: { detection: 'filename' },
    });
    expect(findings[3]?.description).toContain('parseHTML() executes scripts in event handlers');
    expect(findings[3]?.description).toContain('Affected versions: >= 1.4.0, < 1.12.0');
  });

  it('reads the current shape {version, start, data}, with CWE and GitHub advisory ids', async () => {
    const [f, ...rest] = await parse({ path: path('small/retirejs.json') });
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({
      ruleId: 'CVE-2020-11023',
      tool: { version: '5.2.5' },
      cve: ['CVE-2020-11023', 'GHSA-jpcq-cgw6-v4j6'],
      cwe: ['CWE-79'],
      severity: 'medium',
      location: {
        kind: 'package',
        name: 'jquery',
        version: '3.4.1',
        path: '/site/static/js/jquery-3.4.1.min.js',
      },
    });
  });

  it('reports scan errors as warnings and bad entries as ParseErrors', async () => {
    const warnings: string[] = [];
    const doc = {
      version: '5.0.0',
      start: 'x',
      data: [],
      messages: [],
      errors: ['could not read /etc/secret'],
    };
    expect(await parse({ text: JSON.stringify(doc) }, (w) => warnings.push(w))).toEqual([]);
    expect(warnings).toEqual(['retirejs: the report lists 1 scan error(s); they are not findings']);
    const fail = (text: string) => parse({ text }).catch((e: unknown) => e);
    const e1 = await fail(
      '[{"file":"a.js","results":[{"component":"x","version":"1","vulnerabilities":[3]}]}]',
    );
    expect(isParseError(e1) && e1.where.path).toBe('$[0].results[0].vulnerabilities[0]');
    const e2 = await fail('{"data":[{"file":"a.js"}]}');
    expect(isParseError(e2) && e2.where.path).toBe('$.data[0]');
    const e3 = await fail('[{"file":"a.js","results":[{"version":"1"}]}]');
    expect(isParseError(e3) && e3.where.path).toBe('$[0].results[0]');
  });

  it('is detected in both shapes', () => {
    expect(detectScannerFromHead(readFileSync(path('retirejs/old-array.json'), 'utf8'))?.scanner).toBe(
      'retirejs',
    );
    expect(detectScannerFromHead(readFileSync(path('small/retirejs.json'), 'utf8'))?.scanner).toBe(
      'retirejs',
    );
    expect(
      detectScannerFromHead(
        '{"version":"5.0.0","start":"2025-01-01T00:00:00.000Z","data":[],"messages":[],"errors":[]}',
      )?.scanner,
    ).toBe('retirejs');
  });
});
