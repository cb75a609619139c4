import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, parseReport } from '../src/index.js';
import { expectedFor, fixturePath } from './expected.js';

async function parseFixture(file: string): Promise<Finding[]> {
  const { scanner, findings } = await parseReport({ path: fixturePath(file) }, { scannerType: 'auto' });
  expect(scanner).toBe('zap');
  return collect(findings);
}

interface Instance {
  uri: string;
  method?: string;
}
const instances = (f: Finding | undefined) => (f?.attributes.instances ?? []) as Instance[];
const fingerprints = async (file: string) => (await parseFixture(`zap/${file}`)).map((f) => f.fingerprint);

describe.runIf(need('fixtures'))('ZAP fixtures (DefectDojo)', () => {
  const entries = expectedFor('zap');

  it('has the ZAP fixtures', () => {
    expect(entries.length).toBeGreaterThanOrEqual(17);
  });

  it.each(entries.map((e) => [e.file, e] as const))('%s parses, one finding per alert', async (file, e) => {
    const findings = await parseFixture(file);
    for (const f of findings) expect(f.tool.id).toBe('zap');
    // We count one finding per alert, as DefectDojo does: every asserted count agrees.
    if (e.expected_findings !== null) expect(findings).toHaveLength(e.expected_findings);
  });

  it('dvwa_baseline_dojo.xml: first and last alerts', async () => {
    const findings = await parseFixture('zap/dvwa_baseline_dojo.xml');
    const [first, last] = [findings[0], findings[18]];
    expect(first).toMatchObject({
      name: 'X-Frame-Options Header Not Set',
      severity: 'medium',
      ruleId: '10020',
    });
    expect(first?.location).toEqual({ kind: 'url', url: 'http://172.17.0.2' });
    expect(first?.attributes).toMatchObject({ host: '172.17.0.2', port: '80', instanceCount: 11 });
    expect(instances(first)).toHaveLength(11);
    expect(instances(first).map((i) => i.uri)).toContain('http://172.17.0.2/vulnerabilities/sqli_blind/');
    expect(first?.cwe).toEqual(['CWE-16']);
    expect(last).toMatchObject({
      name: 'Private IP Disclosure',
      severity: 'low',
      ruleId: '2',
      occurrences: 3,
    });
    expect(instances(last)).toHaveLength(3);
  });

  it('dedupes like DefectDojo across the dvwa subsets (fingerprint = rule + site)', async () => {
    const full = await fingerprints('dvwa_baseline_dojo.xml');
    // DefectDojo sees 0 duplicates in one import; ZAP lists plugin 10027 twice for the same site, and we
    // give both the same fingerprint, so ingest merges them: 18 distinct of 19.
    expect(new Set(full).size).toBe(18);
    const subset = await fingerprints('dvwa_baseline_dojo_subset.xml');
    expect(subset.filter((x) => full.includes(x))).toHaveLength(10);
    const fabricated = await fingerprints('dvwa_baseline_dojo_fabricated_internal_duplicates.xml');
    expect(fabricated.length - new Set(fabricated).size).toBe(3);
    const fabricatedSubset = await fingerprints(
      'dvwa_baseline_dojo_fabricated_internal_duplicates_subset.xml',
    );
    expect(fabricatedSubset.filter((x) => fabricated.includes(x))).toHaveLength(6);
  });

  it('zap-results-first-scan.xml: info and high alerts with their endpoints', async () => {
    const findings = await parseFixture('zap/zap-results-first-scan.xml');
    const [first, last] = [findings[0], findings[14]];
    expect(first).toMatchObject({
      name: 'User Controllable HTML Element Attribute (Potential XSS)',
      severity: 'info',
      ruleId: '10031',
    });
    expect(instances(first)).toHaveLength(11);
    expect(first?.attributes).toMatchObject({ host: 'bodgeit.securecodebox-demo.svc', port: '8080' });
    expect(last).toMatchObject({
      name: 'PII Disclosure',
      severity: 'high',
      ruleId: '10062',
      cwe: ['CWE-359'],
    });
    expect(instances(last).map((i) => new URL(i.uri).pathname)).toEqual(['/bodgeit/contact.jsp']);
  });

  it('juicy2.xml: 20 listed endpoints of 78 occurrences, and a CSP alert', async () => {
    const findings = await parseFixture('zap/juicy2.xml');
    expect(findings[0]).toMatchObject({
      name: 'Incomplete or No Cache-control Header Set',
      severity: 'low',
      ruleId: '10015',
    });
    expect(instances(findings[0])).toHaveLength(20);
    expect(findings[0]?.occurrences).toBe(78);
    expect(findings[0]?.attributes).toMatchObject({ host: 'juice-shop.herokuapp.com', port: '443' });
    expect(findings[5]).toMatchObject({
      name: 'CSP: Wildcard Directive',
      severity: 'medium',
      ruleId: '10055',
      cwe: ['CWE-693'],
    });
    expect(instances(findings[5])).toHaveLength(2);
  });

  it('zap-xml-plus-format.xml: request/response pairs are counted, not kept', async () => {
    const [f] = await parseFixture('zap/zap-xml-plus-format.xml');
    expect(f).toMatchObject({ name: 'Insecure HTTP Method - PUT', severity: 'medium', ruleId: '90028' });
    expect(f?.location).toEqual({ kind: 'url', url: 'http://localhost:8080' });
    expect(instances(f)).toEqual([
      {
        uri: 'http://localhost:8080/bodgeit/js/qndto7n63d',
        method: 'PUT',
        evidence: 'response code 403 for potentially insecure HTTP METHOD',
      },
    ]);
    expect(f?.attributes.requestResponseCount).toBe(1);
    expect(JSON.stringify(f)).not.toContain('JSESSIONID');
  });

  it('zap_2.16.1_with_req_resp.xml: four informational alerts', async () => {
    const findings = await parseFixture('zap/zap_2.16.1_with_req_resp.xml');
    expect(
      findings.map((f) => [
        f.name,
        f.severity,
        f.ruleId,
        instances(f).length,
        f.attributes.requestResponseCount,
      ]),
    ).toEqual([
      ['Authentication Request Identified', 'info', '10111', 1, 1],
      ['Cookie Poisoning', 'info', '10029', 5, 5],
      ['Information Disclosure - Sensitive Information in URL', 'info', '10024', 3, 3],
      ['Re-examine Cache-control Directives', 'info', '10015', 4, 4],
    ]);
    // cweid -1 means "no CWE".
    expect(findings[0]?.cwe).toEqual([]);
    expect(findings[0]?.tool).toEqual({ id: 'zap', name: 'ZAP', version: '2.16.1' });
  });

  it('5_zap_sample_one.xml: two alerts of the same plugin and site share one fingerprint', async () => {
    const findings = await parseFixture('zap/5_zap_sample_one.xml');
    expect(findings.map((f) => f.name)).toEqual([
      'zap1: Cookie Without Secure Flag',
      'zap2: Cookie Without Secure Flag',
    ]);
    expect(findings[0]?.fingerprint).toBe(findings[1]?.fingerprint);
    expect(findings[0]?.references).toEqual([
      'http://www.owasp.org/index.php/Testing_for_cookies_attributes_(OWASP-SM-002)',
    ]);
  });
});
