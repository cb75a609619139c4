import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectScannerFromHead } from '../registry.js';
import { banditParser } from './bandit.js';
import { cppcheckParser } from './cppcheck.js';
import { flawfinderParser } from './flawfinder.js';
import { grypeParser } from './grype.js';
import { invictiParser } from './invicti.js';
import { njsscanParser } from './njsscan.js';
import { npmAuditParser } from './npm-audit.js';
import { nucleiParser } from './nuclei.js';
import { osvScannerParser } from './osv-scanner.js';
import { semgrepParser } from './semgrep.js';
import { shellcheckParser } from './shellcheck.js';
import { snykParser } from './snyk.js';
import { trufflehog3Parser } from './trufflehog3.js';

const data = (name: string) => readFileSync(new URL(`../../test/data/${name}`, import.meta.url), 'utf8');
const mine = [
  grypeParser,
  semgrepParser,
  njsscanParser,
  trufflehog3Parser,
  invictiParser,
  npmAuditParser,
  snykParser,
  osvScannerParser,
  nucleiParser,
  banditParser,
  shellcheckParser,
  cppcheckParser,
  flawfinderParser,
];

/** A small, realistic head of each of these parsers' formats. */
const heads: Record<string, string[]> = {
  grype: [data('grype-debian.json')],
  semgrep: [
    '{"version":"1.100.0","results":[{"check_id":"a.b","path":"x.js","start":{"line":1,"col":1},"end":{"line":1,"col":2},"extra":{"severity":"ERROR"}}],"errors":[]}',
    '{"vulns":[{"title":"t","advisory":{"ruleId":"ssc-1","severity":"HIGH"},"dependencyFileLocation":{"path":"a","startLine":"1"}}],"hasMore":false}',
  ],
  njsscan: ['{"errors":[],"njsscan_version":"0.4.3","nodejs":{},"templates":{}}'],
  trufflehog3: [
    '[{"rule":{"id":"high-entropy","message":"High Entropy","severity":"HIGH"},"path":"a","line":"3","secret":"x","context":{"3":"x"}}]',
    '[{"date":"2018-05-28 03:24:03","path":"a.json","reason":"High entropy","stringsFound":["+x"],"commitHash":"c"}]',
  ],
  invicti: [
    '{"Generated":"25/06/2021 09:59 AM","Target":{"ScanId":"x","Url":"http://a/"},"Vulnerabilities":[]}',
    '{"Id":"1","Title":"SQLi","Url":"http://a/","Severity":"High","LatestScanId":"2","WebsiteRootUrl":"http://a/"}',
  ],
  'npm-audit': [
    '{"auditReportVersion":2,"vulnerabilities":{},"metadata":{}}',
    '{"actions":[],"advisories":{},"muted":[],"metadata":{}}',
  ],
  snyk: [
    '{"vulnerabilities":[],"ok":true,"dependencyCount":3,"org":"o","policy":"","isPrivate":true,"licensesPolicy":null,"packageManager":"maven","summary":"No known vulnerabilities","uniqueCount":0,"projectName":"p","path":"/w"}',
    '{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"SnykCode","semanticVersion":"1.0.0","rules":[]}},"results":[]}]}',
  ],
  'osv-scanner': [
    '{"results":[{"source":{"path":"/a/package-lock.json","type":"lockfile"},"packages":[{"package":{"name":"x","version":"1","ecosystem":"npm"},"vulnerabilities":[]}]}]}',
  ],
  nuclei: [data('nuclei-v3.jsonl'), data('nuclei-v2.jsonl'), data('nuclei-export.json')],
  bandit: [
    data('bandit/bandit-1.7.9.json'),
    data('bandit/bandit-1.6.json'),
    data('bandit/bandit-1.7.9.json').slice(0, 500),
  ],
  shellcheck: [
    data('shellcheck/shellcheck-json1.json'),
    data('shellcheck/shellcheck-json.json'),
    '{"comments":[]}',
  ],
  cppcheck: [
    data('cppcheck/cppcheck-2.13-v2.xml'),
    data('cppcheck/cppcheck-1.x-v1.xml'),
    data('cppcheck/cppcheck-clean-v2.xml'),
  ],
  flawfinder: [
    data('flawfinder/flawfinder-2.0.20.csv'),
    data('flawfinder/flawfinder-2.0.6.csv'),
    data('flawfinder/flawfinder-clean.csv'),
  ],
};

/** Other scanners' reports that none of these parsers may claim. */
const foreign: Record<string, string> = {
  trivy:
    '{"SchemaVersion":2,"ArtifactName":"alpine:3.19","ArtifactType":"container_image","Results":[{"Target":"alpine","Vulnerabilities":[{"VulnerabilityID":"CVE-1","PkgName":"musl"}]}]}',
  sarif:
    '{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"CodeQL","rules":[]}},"results":[{"ruleId":"js/xss","message":{"text":"x"},"locations":[]}]}]}',
  trufflehog:
    '{"SourceMetadata":{"Data":{"Filesystem":{"file":"a","line":3}}},"SourceType":15,"DetectorName":"AWS","Verified":false,"Raw":"AKIA","Redacted":"AKIA"}\n',
  gitleaks:
    '[{"Description":"AWS Access Key","StartLine":3,"EndLine":3,"Match":"AKIA…","Secret":"AKIA…","File":"a","RuleID":"aws-access-token","Fingerprint":"a:aws:3"}]',
  zap: '{"@programName":"ZAP","@version":"2.14.0","site":[{"@name":"http://a","alerts":[{"pluginid":"10020","alert":"X-Frame-Options","riskcode":"2"}]}]}',
  securecodebox:
    '[{"name":"Open Port","category":"Open Port","severity":"INFORMATIONAL","osi_layer":"NETWORK","location":"tcp://1.2.3.4:22","attributes":{}}]',
  cyclonedx:
    '{"bomFormat":"CycloneDX","specVersion":"1.5","components":[],"vulnerabilities":[{"id":"CVE-1"}]}',
};

describe('detection of grype, semgrep, njsscan, trufflehog3, invicti, npm-audit, snyk, osv-scanner and nuclei', () => {
  for (const [scanner, samples] of Object.entries(heads)) {
    it.each(samples.map((s, i) => [i, s] as const))(
      `${scanner} sample %i is detected as ${scanner} and by no other of these with as much`,
      (_, head) => {
        expect(detectScannerFromHead(head)?.scanner).toBe(scanner);
        const own = mine.find((p) => p.id === scanner)!.detect(head);
        for (const p of mine)
          if (p.id !== scanner) expect(p.detect(head), `${p.id} on a ${scanner} head`).toBeLessThan(own);
      },
    );
  }

  it.each(Object.entries(foreign))('a %s report is claimed by none of these', (_, head) => {
    for (const p of mine) expect(p.detect(head), p.id).toBe(0);
  });
});
