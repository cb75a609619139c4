import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, parseReport } from '../src/index.js';

// Reports written by the real tools from Debian 12 (bandit 1.6.2, ShellCheck 0.9.0, Cppcheck 2.10,
// Flawfinder 2.0.19) run on the small vulnerable sources beside them in test/data/<tool>/.
const data = (...p: string[]) => path.join(import.meta.dirname, 'data', ...p);

async function parsed(file: string) {
  const { scanner, findings } = await parseReport({ path: file }, { scannerType: 'auto' });
  return { scanner, findings: await collect(findings) };
}

describe('reports of the real SAST tools', () => {
  it('bandit 1.6.2: one finding per result, with its test id, file and line', async () => {
    const file = data('bandit', 'bandit-1.6.2-real.json');
    const raw = JSON.parse(readFileSync(file, 'utf8')) as {
      results: { test_id: string; line_number: number; issue_severity: string }[];
    };
    const { scanner, findings } = await parsed(file);
    expect(scanner).toBe('bandit');
    expect(findings.map((f) => [f.ruleId, (f.location as { startLine?: number }).startLine]).sort()).toEqual(
      raw.results.map((r) => [r.test_id, r.line_number]).sort(),
    );
    const shell = findings.find((f) => f.ruleId === 'B602');
    expect(shell?.severity).toBe('high');
    expect(shell?.location).toMatchObject({ kind: 'source', file: 'app.py' });
  });

  it('shellcheck 0.9.0: -f json1 and -f json give the same findings', async () => {
    const json1 = await parsed(data('shellcheck', 'shellcheck-0.9.0-real-json1.json'));
    const json = await parsed(data('shellcheck', 'shellcheck-0.9.0-real-json.json'));
    const raw = JSON.parse(readFileSync(data('shellcheck', 'shellcheck-0.9.0-real-json1.json'), 'utf8')) as {
      comments: { code: number }[];
    };
    expect([json1.scanner, json.scanner]).toEqual(['shellcheck', 'shellcheck']);
    expect(json1.findings.reduce((n, f) => n + f.occurrences, 0)).toBe(raw.comments.length);
    expect(json1.findings.map((f) => f.fingerprint)).toEqual(json.findings.map((f) => f.fingerprint));
    expect(new Set(json1.findings.map((f) => f.ruleId))).toEqual(
      new Set(raw.comments.map((c) => `SC${c.code}`)),
    );
  });

  it('cppcheck 2.10 (--xml --xml-version=2 --enable=all): every error element, CWE and severity', async () => {
    const file = data('cppcheck', 'cppcheck-2.10-real.xml');
    const ids = [...readFileSync(file, 'utf8').matchAll(/<error id="([A-Za-z]+)"/g)].map((m) => m[1]);
    const { scanner, findings } = await parsed(file);
    expect(scanner).toBe('cppcheck');
    expect(findings.reduce((n, f) => n + f.occurrences, 0)).toBe(ids.length);
    const oob = findings.find((f) => f.ruleId === 'arrayIndexOutOfBounds');
    expect(oob).toMatchObject({ severity: 'high', cwe: ['CWE-788'] });
    expect(oob?.location).toMatchObject({ kind: 'source', file: 'buffer.c' });
  });

  it('cppcheck: a license header before the XML declaration is accepted, as for every XML format', async () => {
    const report = readFileSync(data('cppcheck', 'cppcheck-2.10-real.xml'), 'utf8');
    const text = `\uFEFF<!-- SPDX-License-Identifier: Apache-2.0 -->\n<?xml-stylesheet href="r.xsl"?>\n${report}`;
    const { scanner, findings } = await parseReport({ text }, { scannerType: 'auto' });
    expect(scanner).toBe('cppcheck');
    const plain = await parsed(data('cppcheck', 'cppcheck-2.10-real.xml'));
    expect((await collect(findings)).map((f) => f.fingerprint)).toEqual(
      plain.findings.map((f) => f.fingerprint),
    );
  });

  it('flawfinder 2.0.19: the CSV and the SARIF of one run give the same findings and fingerprints', async () => {
    const csv = await parsed(data('flawfinder', 'flawfinder-2.0.19-real.csv'));
    const sarif = await parsed(data('flawfinder', 'flawfinder-2.0.19-real.sarif'));
    expect(csv.scanner).toBe('flawfinder');
    expect(sarif.scanner).toBe('sarif');
    const rows = readFileSync(data('flawfinder', 'flawfinder-2.0.19-real.csv'), 'utf8').trim().split('\n');
    expect(csv.findings.reduce((n, f) => n + f.occurrences, 0)).toBe(rows.length - 1);
    const key = (f: (typeof csv.findings)[number]) => `${f.fingerprint} ${f.severity} ${f.cwe.join(',')}`;
    expect(csv.findings.map(key).sort()).toEqual(sarif.findings.map(key).sort());
    expect((await detectScanner({ path: data('flawfinder', 'flawfinder-2.0.19-real.sarif') })).scanner).toBe(
      'sarif',
    );
  });
});
