import { readdirSync, readFileSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { gitlabSecretDetectionParser } from '../src/scanners/gitlab-secret-detection.js';
import { foreignHeads } from './expected.js';
import { dataDir, parseDetected } from './support/parse-report.js';

const ID = 'gitlab-secret-detection';
const data = dataDir(ID);

const parse = (name: string) => parseDetected(ID, { path: data(name) });

// DefectDojo has no GitLab secret detection parser: these reports are written as GitLab's secrets analyzer writes them.
describe('gitlab-secret-detection', () => {
  it('auto-detects every report in test/data/gitlab-secret-detection', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('schema 15.0.4: file, line, commit; the raw extract is kept only redacted and hashed', async () => {
    const [f] = await parse('gl-secret-detection-report-15.0.4.json');
    expect(readFileSync(data('gl-secret-detection-report-15.0.4.json'), 'utf8')).toContain(
      'AKIAZ7Q3EXAMPLEKEY42',
    );
    expect(JSON.stringify(f)).not.toContain('AKIAZ7Q3EXAMPLEKEY42');
    expect(f).toMatchObject({
      tool: { id: ID, name: 'GitLab Secret Detection' },
      ruleId: 'AWS',
      name: 'AWS access token',
      severity: 'critical',
      category: 'Secrets',
      secret: { redacted: 'AKIA********42' },
      location: { kind: 'source', file: 'config/aws.yml', startLine: 3, snippet: 'AKIA********42' },
      attributes: { commit: '4b825dc642cb6eb9a060e54bf8d69288fbee4904', commitDate: '2023-03-01T10:11:12Z' },
    });
    expect(f?.secret?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('schema 3.0 (history scan, id before the cve key): the secret is never kept in clear', async () => {
    const [f] = await parse('gl-secret-detection-report-3.0.json');
    expect(JSON.stringify(f)).not.toContain('9f3Kq7Lr2Zx8Wv4Tn6Ys1Pb5');
    expect(f).toMatchObject({
      ruleId: 'Generic API Key',
      stableId: '5f0c6e2a9d8b7c6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a',
      location: { file: 'src/client.js', startLine: 14 },
      attributes: { analyzer: 'Gitleaks', commit: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567' },
    });
  });

  it('a secret quoted in the name, description or 2.x cve key is cut out of them', async () => {
    const secret = 'glpat-Zq8Xw3Vr6Ty1Un4Mp7Ks';
    const text = JSON.stringify({
      version: '15.0.0',
      vulnerabilities: [
        {
          cve: `.env:${secret}:gitlab_pat`,
          name: `GitLab token ${secret}`,
          description: `Found ${secret} in .env`,
          severity: 'High',
          raw_source_code_extract: secret,
          location: { file: '.env', start_line: 1, commit: { sha: '0000000' } },
          identifiers: [
            { type: 'gitleaks_rule_id', name: 'Gitleaks rule ID gitlab_pat', value: 'gitlab_pat' },
          ],
        },
      ],
      scan: { type: 'secret_detection', scanner: { id: 'gitleaks', name: 'Gitleaks' } },
    });
    const [f] = await collect((await parseReport({ text })).findings);
    expect(JSON.stringify(f)).not.toContain(secret);
    expect(f?.name).toBe(`GitLab token ${f?.secret?.redacted}`);
    expect(f?.attributes.commit).toBeUndefined();
    expect(f?.stableId).toBe(`.env:${f?.secret?.sha256}:gitlab_pat`);
  });

  it('a vulnerability without location is a ParseError at its path', async () => {
    const text = JSON.stringify({
      version: '15.0.0',
      vulnerabilities: [{ id: 'x', identifiers: [{ type: 'gitleaks_rule_id', value: 'AWS' }] }],
      scan: { type: 'secret_detection' },
    });
    const e = await collect((await parseReport({ text }, { scannerType: ID })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/at \$\.vulnerabilities\[0\]\.location: expected/);
  });

  it.runIf(need('fixtures'))('detection is exclusive: 0 on every DefectDojo file and other test data', () => {
    for (const { file, head } of foreignHeads([], [ID]))
      expect(gitlabSecretDetectionParser.detect(head), file).toBe(0);
  });
});
