import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scbNuclei } from './securecodebox/oracle-nuclei.js';
import { oracleJson, ourScb } from './securecodebox/our-scb.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = (name: string) => path.join(here, 'data', name);

async function compare(name: string) {
  const ours = await ourScb(file(name), 'nuclei');
  const expected = oracleJson(scbNuclei(readFileSync(file(name), 'utf8')));
  expect(ours.findings).toHaveLength(expected.length);
  expect(ours.findings).toEqual(expected);
  return ours;
}

describe('secureCodeBox export of nuclei reports equals secureCodeBox’s parser', () => {
  it('the oracle reproduces secureCodeBox’s snapshot', () => {
    // The event behind the first finding of secureCodeBox's nuclei parser snapshot
    // ("parses secureCodeBox.io result correctly"), and the values that snapshot records.
    const event = {
      template: 'miscellaneous/addeventlistener-detect.yaml',
      'template-url':
        'https://github.com/projectdiscovery/nuclei-templates/blob/master/miscellaneous/addeventlistener-detect.yaml',
      'template-id': 'addeventlistener-detect',
      info: {
        name: 'DOM EventListener detection',
        author: ['yavolo', 'dwisiswant0'],
        tags: ['xss', 'misc'],
        reference: ['https://portswigger.net/web-security/dom-based/controlling-the-web-message-source'],
        severity: 'info',
      },
      type: 'http',
      host: 'https://www.securecodebox.io',
      'matched-at': 'https://www.securecodebox.io',
      ip: '34.159.58.69',
      timestamp: '2022-09-09T21:26:27.762236+02:00',
      'curl-command': "curl -X 'GET' 'https://www.securecodebox.io'",
      'matcher-status': true,
    };
    const [f] = oracleJson(scbNuclei(`${JSON.stringify(event)}\n`));
    expect(f).toEqual({
      name: 'DOM EventListener detection',
      description: 'The name of the nuclei rule which triggered the finding: addeventlistener-detect',
      identified_at: '2022-09-09T19:26:27.762Z',
      location: 'https://www.securecodebox.io',
      severity: 'INFORMATIONAL',
      category: 'addeventlistener-detect',
      references: [
        {
          type: 'URL',
          value: 'https://portswigger.net/web-security/dom-based/controlling-the-web-message-source',
        },
      ],
      attributes: {
        author: ['yavolo', 'dwisiswant0'],
        curl_command: "curl -X 'GET' 'https://www.securecodebox.io'",
        extracted_results: null,
        hostname: 'www.securecodebox.io',
        ip_addresses: ['34.159.58.69'],
        matched_at: 'https://www.securecodebox.io',
        matched_line: null,
        matcher_name: null,
        matcher_status: true,
        metadata: null,
        path: null,
        reference: ['https://portswigger.net/web-security/dom-based/controlling-the-web-message-source'],
        request: null,
        response: null,
        tags: ['xss', 'misc'],
        template: 'miscellaneous/addeventlistener-detect.yaml',
        template_id: 'addeventlistener-detect',
        template_url:
          'https://github.com/projectdiscovery/nuclei-templates/blob/master/miscellaneous/addeventlistener-detect.yaml',
        timestamp: '2022-09-09T21:26:27.762236+02:00',
        type: 'http',
      },
    });
  });

  it('secureCodeBox’s test events (DNS without scheme, DNSSEC, log4shell): equal field by field', async () => {
    // Events from secureCodeBox's scanners/nuclei/parser/__testFiles__ (hostname-without-port,
    // dns-test, log4shell; log4shell's interaction trimmed).
    const { findings } = await compare('securecodebox/nuclei-scb-tests.jsonl');
    expect(findings[0]).toMatchObject({ location: 'example.com', severity: 'INFORMATIONAL' });
    // "example.com" is no URL: secureCodeBox leaves hostname out.
    expect(findings[0]?.attributes).not.toHaveProperty('hostname');
    expect(findings[0]?.references).toEqual([
      { type: 'URL', value: 'https://support.dnsimple.com/articles/caa-record/#whats-a-caa-record' },
      { type: 'CWE', value: 'CWE-200' },
      { type: 'URL', value: 'https://cwe.mitre.org/data/definitions/cwe-200.html' },
    ]);
    expect(findings[0]?.attributes.request).toMatch(/^;; opcode: QUERY/);
    expect(findings[2]).toMatchObject({ severity: 'HIGH', category: 'CVE-2021-44228' });
    expect(findings[2]?.attributes).toMatchObject({ hostname: '10.1.6.107', ip_addresses: ['10.1.6.107'] });
  });

  it('a nuclei 3 report with a matcher-status false event: every event, as secureCodeBox', async () => {
    const { findings, scanrelay } = await compare('securecodebox/nuclei-v3-matcher-status.jsonl');
    expect(findings.map((f) => [f.category, f.severity])).toEqual([
      ['git-config', 'MEDIUM'],
      ['CVE-2023-22515', 'HIGH'],
      ['ssh-server-enum', 'LOW'],
    ]);
    expect(findings[1]?.attributes.matcher_status).toBeNull();
    expect(findings[2]?.attributes).toMatchObject({
      matched_line: 'SSH-2.0-OpenSSH_9.6',
      extracted_results: ['OpenSSH_9.6'],
    });
    expect(scanrelay[1]).toMatchObject({ original_severity: 'critical', cve: ['CVE-2023-22515'] });
  });

  it('our v3 report (7 events, one not matched) and v2 report: equal field by field', async () => {
    const v3 = await compare('nuclei-v3.jsonl');
    expect(v3.findings).toHaveLength(7);
    const v2 = await compare('nuclei-v2.jsonl');
    expect(v2.findings[0]).toMatchObject({
      category: 'git-config',
      attributes: { matched: 'http://legacy.example.com/.git/config', ip: '10.1.1.1' },
    });
  });
});
