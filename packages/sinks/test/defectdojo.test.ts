import { readFile } from 'node:fs/promises';
import path from 'node:path';
// Wire-up pending: import these from '@scanrelay/parsers' and '@scanrelay/test-utils' once they are devDependencies.
import { collect, parseReport, SCANNER_IDS } from '@scanrelay/parsers';
import { fixturesDir, need } from '@scanrelay/test-utils';
import {
  createFakeDefectDojo,
  type FakeDefectDojo,
  DEFECTDOJO_SCAN_TYPES as KNOWN_TO_DOJO,
} from '@scanrelay/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DOJO_TO_SCANNER } from '../../parsers/test/expected.js';
import { DEFECTDOJO_SCAN_TYPES, defectDojoScanType } from '../src/defectdojo/defectdojo-scan-type.js';
import { createSink, destinationConfigSchema, type Sink, type SinkDeps } from '../src/index.js';
import { context, finding, recordingSleep, stream } from './phoenix-helpers.js';

const TOKEN = 'dojo-token-6Yq2LmZx';
const local = { allowPrivateUrls: true, allowHttp: true };
const hasFixtures = need('fixtures');
const fixture = (file: string) => path.join(fixturesDir, 'defectdojo', file);

let fake: FakeDefectDojo;
beforeEach(async () => {
  fake = await createFakeDefectDojo({ token: TOKEN });
});
afterEach(async () => {
  await fake.close();
});

function dojo(over: Record<string, unknown> = {}, deps: Partial<SinkDeps> = {}): Sink {
  const config = destinationConfigSchema.parse({
    kind: 'defectdojo',
    name: 'dojo',
    url: fake.url,
    token: TOKEN,
    productName: 'shop',
    engagementName: 'ci',
    attempts: 3,
    ...over,
  });
  return createSink(config, { outbound: local, sleep: recordingSleep().sleep, ...deps });
}

async function parsed(file: string, scanner: string) {
  const { findings } = await parseReport({ path: fixture(file) }, { scannerType: scanner });
  return collect(findings);
}

describe.runIf(hasFixtures)('DefectDojo sink with real reports', () => {
  it('imports a Trivy report as "Trivy Scan" first, then reimports into the same test', async () => {
    const file = 'trivy/scheme_2_many_vulns.json';
    const findings = await parsed(file, 'trivy');
    const first = await dojo().send(
      stream(findings),
      context({ firstImport: true, reportPath: fixture(file), importType: 'new' }),
    );
    const [created] = fake.imports;
    expect(created).toMatchObject({
      endpoint: 'import-scan',
      fileName: 'scheme_2_many_vulns.json',
      createdTest: true,
    });
    expect(created?.fields).toEqual({
      scan_type: 'Trivy Scan',
      product_name: 'shop',
      engagement_name: 'ci',
      test_title: 'Trivy Scan',
      auto_create_context: 'true',
      close_old_findings: 'true',
      minimum_severity: 'Info',
      active: 'true',
    });
    expect(Buffer.from(created?.file ?? []).equals(await readFile(fixture(file)))).toBe(true);
    expect(first).toEqual({
      destination: 'dojo',
      kind: 'defectdojo',
      sent: findings.length,
      batches: 1,
      remoteIds: [String(created?.testId)],
      warnings: [],
    });

    const again = await dojo().send(
      stream(findings),
      context({ reportPath: fixture(file), importType: 'delta' }),
    );
    const merged = await dojo().send(
      stream(findings),
      context({ reportPath: fixture(file), importType: 'merge' }),
    );
    const [, delta, merge] = fake.imports;
    expect(delta).toMatchObject({ endpoint: 'reimport-scan', testId: created?.testId, createdTest: false });
    expect(delta?.fields).toMatchObject({
      close_old_findings: 'false',
      do_not_reactivate: 'true',
      test_title: 'Trivy Scan',
    });
    expect(merge?.fields).toMatchObject({ close_old_findings: 'false', do_not_reactivate: 'false' });
    expect(again.remoteIds).toEqual(first.remoteIds);
    expect(merged.remoteIds).toEqual(first.remoteIds);
    expect(fake.tests).toHaveLength(1);
  });

  it('sends a ZAP XML report as "ZAP Scan" byte for byte', async () => {
    const file = 'zap/5_zap_sample_one.xml';
    const findings = await parsed(file, 'zap');
    const result = await dojo({ testTitle: 'DAST nightly' }).send(
      stream(findings),
      context({ scanner: 'zap', firstImport: true, reportPath: fixture(file) }),
    );
    expect(result.sent).toBe(findings.length);
    expect(fake.imports[0]?.fields).toMatchObject({ scan_type: 'ZAP Scan', test_title: 'DAST nightly' });
    expect(Buffer.from(fake.imports[0]?.file ?? []).equals(await readFile(fixture(file)))).toBe(true);
  });

  it('never sends the raw report of a secret scanner: the findings go generic, secrets redacted', async () => {
    const file = 'secretlint/secretlint_one_vuln.json';
    const findings = await parsed(file, 'secretlint');
    const warnings: string[] = [];
    await dojo().send(
      stream(findings),
      context({ scanner: 'secretlint', reportPath: fixture(file), onWarning: (w) => warnings.push(w) }),
    );
    const sent = fake.imports[0];
    expect(sent?.fields.scan_type).toBe('Generic Findings Import');
    expect(sent?.genericFindings).toHaveLength(findings.length);
    expect(Buffer.from(sent?.file ?? []).toString()).not.toContain(
      '0000000000000000000000000000000000000000',
    );
    expect(warnings[0]).toContain('holds the secrets it found');
  });

  it("agrees with DefectDojo's scan type for every shared report of a scanner we parse", async () => {
    const expected: { scanner: string; scan_type: string; file: string; notes: string }[] = JSON.parse(
      await readFile(fixture('EXPECTED.json'), 'utf8'),
    );
    // Our parser for each DefectDojo folder: one table, the parsers' fixture map.
    const ours = DOJO_TO_SCANNER;
    // One report format under two DefectDojo names: a mode that only changes its aggregation (SonarQube) or
    // its second version reading the same reports (OpenVAS). We send one of them.
    const sameParser: Record<string, string> = {
      'SonarQube Scan detailed': 'SonarQube Scan',
      'OpenVAS Parser': 'OpenVAS Parser v2',
      // Invicti is Netsparker renamed (one report format); Flawfinder's samples are SARIF.
      'Invicti Scan': 'Netsparker Scan',
      'Flawfinder Scan': 'SARIF',
    };
    let checked = 0;
    for (const row of expected) {
      const id = ours[row.scanner];
      // A report DefectDojo's parser for that folder must refuse (npm 7 under npm_audit) is not a mapping.
      if (!id || row.notes.includes('must RAISE')) continue;
      const head = (await readFile(fixture(row.file), 'utf8').catch(() => undefined))?.slice(0, 65536);
      if (head === undefined) continue;
      // bundler-audit's JSON: DefectDojo's sample that no DefectDojo test reads (its parser reads the text only).
      if (row.file === 'bundler_audit/version_9.0.json') {
        expect(defectDojoScanType(id, head)).toBeUndefined();
        continue;
      }
      expect({ file: row.file, type: defectDojoScanType(id, head) }).toEqual({
        file: row.file,
        type: sameParser[row.scan_type] ?? row.scan_type,
      });
      checked += 1;
    }
    expect(checked).toBeGreaterThan(300);
  });
});

describe('DefectDojo sink', () => {
  it('maps every scanner id, to a scan type DefectDojo knows or to a generic import', () => {
    expect(Object.keys(DEFECTDOJO_SCAN_TYPES).sort()).toEqual([...SCANNER_IDS].sort());
    for (const id of SCANNER_IDS) {
      for (const head of [
        '{"runs":[],"$schema":"x","auditReportVersion":2,"Vulnerabilities":[]}',
        '<?xml version="1.0"?>',
        '{}',
      ]) {
        const type = defectDojoScanType(id, head);
        if (type !== undefined) expect(KNOWN_TO_DOJO).toContain(type);
      }
    }
    expect(defectDojoScanType('securecodebox', '[]')).toBeUndefined();
    expect(defectDojoScanType('zap', '{"site":[]}')).toBeUndefined();
    expect(defectDojoScanType('npm-audit', '{"auditReportVersion":2}')).toBe('NPM Audit v7+ Scan');
    expect(defectDojoScanType('npm-audit', '{"advisories":{}}')).toBe('NPM Audit Scan');
  });

  it('sends our findings as a Generic Findings Import when DefectDojo has no parser or there is no report', async () => {
    const findings = [
      finding(),
      finding({
        tool: { id: 'semgrep', name: 'Semgrep' },
        severity: 'medium',
        ruleId: 'xss',
        name: 'XSS',
        location: { kind: 'source', file: 'src/app.ts', startLine: 12 },
        cwe: ['CWE-79'],
        cve: [],
        mitigation: 'Escape output',
        references: ['https://owasp.org/xss'],
      }),
      finding({
        severity: 'low',
        ruleId: '10020',
        name: 'Missing header',
        location: { kind: 'url', url: 'https://shop.example.com/login', parameter: 'q' },
        cwe: [],
        cve: [],
      }),
      finding({
        severity: 'info',
        ruleId: 'ssh',
        name: 'SSH open',
        location: { kind: 'host', host: '203.0.113.7', port: 22 },
        cwe: [],
        cve: [],
      }),
    ];
    const warnings: string[] = [];
    const scbReport = path.join(import.meta.dirname, 'defectdojo.test.ts');
    const result = await dojo().send(
      stream(findings),
      context({ scanner: 'securecodebox', reportPath: scbReport, onWarning: (w) => warnings.push(w) }),
    );
    expect(result).toMatchObject({ sent: 4, batches: 1 });
    expect(warnings).toEqual([
      'DefectDojo does not parse this securecodebox report: the findings go as a Generic Findings Import',
    ]);
    const sent = fake.imports[0];
    expect(sent).toMatchObject({
      endpoint: 'reimport-scan',
      fileName: 'securecodebox-scanrelay.json',
      createdTest: true,
    });
    expect(sent?.fields).toMatchObject({
      scan_type: 'Generic Findings Import',
      test_title: 'Generic Findings Import',
    });
    expect(sent?.genericFindings).toEqual([
      {
        title: 'CVE-2024-0001 openssl 3.0.1',
        severity: 'High',
        description: 'Buffer overflow in openssl',
        cwe: 120,
        vulnerability_ids: ['CVE-2024-0001', 'GHSA-abcd-efgh-ijkl', 'OSV-2024-1'],
        component_name: 'openssl',
        component_version: '3.0.1',
        file_path: 'package-lock.json',
        unique_id_from_tool: findings[0]?.fingerprint,
        vuln_id_from_tool: 'CVE-2024-0001',
        nb_occurences: 1,
        static_finding: true,
        dynamic_finding: false,
      },
      {
        title: 'XSS',
        severity: 'Medium',
        description: 'Buffer overflow in openssl',
        cwe: 79,
        mitigation: 'Escape output',
        references: 'https://owasp.org/xss',
        file_path: 'src/app.ts',
        line: 12,
        unique_id_from_tool: findings[1]?.fingerprint,
        vuln_id_from_tool: 'xss',
        nb_occurences: 1,
        static_finding: true,
        dynamic_finding: false,
      },
      expect.objectContaining({
        severity: 'Low',
        endpoints: ['https://shop.example.com/login'],
        param: 'q',
        dynamic_finding: true,
        static_finding: false,
      }),
      expect.objectContaining({ severity: 'Info', endpoints: ['203.0.113.7:22'], dynamic_finding: true }),
    ]);

    await dojo().send(stream(findings.slice(0, 1)), context({ scanner: 'trivy' }));
    expect(fake.imports[1]).toMatchObject({
      endpoint: 'reimport-scan',
      testId: sent?.testId,
      fileName: 'trivy-scanrelay.json',
    });
    expect(fake.imports[1]?.genericFindings).toHaveLength(1);
  });

  it('retries a 503 with the whole file again, honouring Retry-After', async () => {
    const { sleep, waits } = recordingSleep();
    fake.failNext(2, 503, '3');
    const result = await dojo({}, { sleep }).send(stream([finding()]), context({ firstImport: true }));
    expect(result.sent).toBe(1);
    expect(waits).toEqual([3000, 3000]);
    expect(fake.requests.map((r) => r.status)).toEqual([503, 503, 201]);
    expect(fake.imports).toHaveLength(1);
    expect(fake.imports[0]?.genericFindings).toHaveLength(1);
  });

  it('refuses a scan type DefectDojo does not know, saying which', async () => {
    await fake.close();
    fake = await createFakeDefectDojo({ token: TOKEN, scanTypes: ['Generic Findings Import'] });
    const report = path.join(import.meta.dirname, 'defectdojo.test.ts');
    const error = await dojo()
      .send(stream([finding()]), context({ reportPath: report }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SINK_REJECTED', status: 400, retryable: false });
    expect((error as Error).message).toContain('\\"Trivy Scan\\" is not a valid choice');
  });

  it('reports a wrong token as SINK_AUTH without the token in the error or the logs', async () => {
    const lines: string[] = [];
    const log: SinkDeps['log'] = (level, message, fields) =>
      lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
    fake.failNext(1, 502);
    const ok = await dojo({}, { log }).send(stream([finding()]), context({ firstImport: true }));
    expect(ok.sent).toBe(1);
    const error = await dojo({ token: 'wrong-token-Pq83' }, { log })
      .send(stream([finding()]), context())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SINK_AUTH', status: 401, destination: 'dojo' });
    expect(fake.requests.at(-1)).toMatchObject({ status: 401, authScheme: 'Token' });
    const seen = [String(error), JSON.stringify(error), (error as Error).stack ?? '', ...lines].join('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(seen).not.toContain(TOKEN);
    expect(seen).not.toContain('wrong-token-Pq83');
  });

  it('says so, typed, when the stored report is gone', async () => {
    const error = await dojo()
      .send(stream([finding()]), context({ reportPath: '/nonexistent/trivy.json' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SINK_REJECTED', destination: 'dojo' });
    expect((error as Error).message).toContain('the stored report trivy.json cannot be read (ENOENT)');
    expect(fake.requests).toEqual([]);
  });

  it('refuses a reimport into a product that does not exist when auto-create is off', async () => {
    const error = await dojo({ autoCreateContext: false })
      .send(stream([finding()]), context())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SINK_REJECTED', status: 400 });
    expect(fake.imports).toHaveLength(0);
  });
});
