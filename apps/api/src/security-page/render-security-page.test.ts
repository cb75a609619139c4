import type { ProjectSecurity } from '@scanrelay/api-schema';
import { projectSecuritySchema } from '@scanrelay/api-schema';
import { describe, expect, it } from 'vitest';
import { SECURITY_PAGE_CSP, STYLE_HASH_SOURCE } from './page-headers.js';
import { renderSecurityPage } from './render-security-page.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const REPO = 'https://github.com/acme/widget';
const COMMIT_URL = `${REPO}/commit/${SHA}`;
const FILE_URL = `${REPO}/blob/${SHA}/src/a.js#L12`;
const EVIL = `"><script>alert(1)</script><img src=x onerror=alert(2)>'`;

function view(patch: Partial<ProjectSecurity> = {}): ProjectSecurity {
  return projectSecuritySchema.parse({
    project: 'widget',
    repoUrl: REPO,
    verdict: 'fail',
    blocked: true,
    blocklist: [
      {
        id: 'b1',
        project: 'widget',
        threatType: 'external-sast',
        severity: 'critical',
        reason: `semgrep found 2 critical findings ${EVIL}`,
        discoveredBy: 'external-scan',
        active: true,
        createdAt: '2025-03-04T05:06:07.000Z',
        updatedAt: '2025-03-04T05:06:07.000Z',
      },
    ],
    providers: [
      {
        provider: 'semgrep',
        status: 'completed',
        scanId: 's1',
        dispatchedAt: '2025-03-04T05:00:00.000Z',
        resultScanId: 's1',
        verdict: 'fail',
        counts: { critical: 2, high: 1, medium: 0, low: 3, info: 0 },
        score: 40,
        commitSha: SHA,
        commitUrl: COMMIT_URL,
        scannedAt: '2025-03-04T05:06:00.000Z',
        tool: { name: 'semgrep', version: '1.90.0' },
        attested: true,
      },
      {
        provider: 'trufflehog',
        status: 'timed_out',
        scanId: 's2',
        dispatchedAt: '2025-03-04T05:00:00.000Z',
        counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
        error: `runner vanished ${EVIL}`,
        attested: false,
      },
    ],
    counts: { critical: 2, high: 1, medium: 0, low: 3, info: 0 },
    // Deliberately out of order: the page orders the groups itself.
    findings: [
      {
        severity: 'low',
        items: [{ provider: 'semgrep', severity: 'low', title: 'Weak hash', ruleId: 'md5', file: 'b.js' }],
      },
      {
        severity: 'critical',
        items: [
          {
            provider: 'semgrep',
            severity: 'critical',
            title: `Eval of input ${EVIL}`,
            ruleId: 'no-eval',
            file: `src/a.js${EVIL}`,
            line: 12,
            url: FILE_URL,
          },
          {
            provider: 'semgrep',
            severity: 'critical',
            title: 'Command injection',
            file: 'src/run.js',
            line: 3,
            url: 'javascript:alert(3)',
          },
        ],
      },
      {
        severity: 'high',
        items: [{ provider: 'semgrep', severity: 'high', title: 'SSRF', file: 'src/net.js', line: 7 }],
      },
    ],
    findingsTruncated: true,
    pagePath: '/projects/widget/security',
    ...patch,
  });
}

/** The start tags of the document (escaped text holds no `<`, so these are the real elements). */
const tags = (html: string) => [...html.matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0]);
const hrefs = (html: string) =>
  [...html.matchAll(/\b(?:href|src|action)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]);

describe('renderSecurityPage', () => {
  const html = renderSecurityPage(view());

  it('is a complete HTML5 document with a language, a title, one main landmark and ordered headings', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<title>Security of widget — scanrelay</title>');
    expect(html.match(/<main>/g)).toHaveLength(1);
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('escapes hostile titles, files, reasons and errors, in text and attributes', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(tags(html).filter((t) => /\son[a-z]+\s*=/i.test(t))).toEqual([]);
    expect(html).toContain(
      'semgrep found 2 critical findings &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&#39;',
    );
    expect(html).toContain('Eval of input &quot;&gt;&lt;script&gt;');
    expect(html).toContain('<code>src/a.js&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('runner vanished &quot;&gt;&lt;script&gt;');
    const attacked = renderSecurityPage(view({ project: EVIL, repoUrl: `https://x.test/"onmouseover="a` }));
    expect(attacked).not.toContain('<script');
    expect(attacked).toContain('<title>Security of &quot;&gt;&lt;script&gt;');
    expect(attacked).toContain('href="https://x.test/%22onmouseover=%22a"');
  });

  it('shows the commit as a 7-character link to the commit page with the full sha as title', () => {
    expect(html).toContain(
      `<a href="${COMMIT_URL}" title="${SHA}" rel="noopener noreferrer"><code>0123456</code></a>`,
    );
    const noUrl = renderSecurityPage(
      view({ providers: [{ ...view().providers[0]!, commitUrl: 'javascript:alert(1)' }] }),
    );
    expect(noUrl).toContain(`<code title="${SHA}">0123456</code>`);
    expect(noUrl).not.toContain('javascript:');
  });

  it('groups findings by severity, critical first, with rule, provider and a linked file:line', () => {
    const order = [...html.matchAll(/class="badge sev-([a-z]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['critical', 'high', 'low']);
    expect(html).toContain('Critical</span> 2 findings</h3>');
    expect(html).toContain(
      `rule <code>no-eval</code> · semgrep · <a href="${FILE_URL.replace('#', '#')}" rel="noopener noreferrer"><code>src/a.js`,
    );
    expect(html).toContain(':12</code></a>');
    // A javascript: URL is never a link; the location stays as text.
    expect(html).toContain('semgrep · <code>src/run.js:3</code></span>');
    expect(html).toContain('<span class="finding-meta">semgrep · <code>src/net.js:7</code>');
  });

  it('says how many findings were left out when the list is truncated', () => {
    // 6 counted, 4 shown.
    expect(html).toContain('<p class="note">2 more not shown.</p>');
    expect(renderSecurityPage(view({ findingsTruncated: false }))).not.toContain('not shown');
  });

  it('shows the verdict banner with the blocklist reason, and the other verdicts', () => {
    expect(html).toContain('<section class="banner banner-fail" aria-labelledby="verdict">');
    expect(html).toContain('<h2 id="verdict">Verdict: fail</h2>');
    expect(html).toContain('This project is blocklisted');
    const none = renderSecurityPage(
      view({ verdict: 'none', blocked: false, blocklist: [], providers: [], findings: [] }),
    );
    expect(none).toContain('<h2 id="verdict">Not scanned yet</h2>');
    expect(none).toContain('No provider has scanned this project yet.');
    expect(none).toContain('No findings in the current results.');
    expect(renderSecurityPage(view({ verdict: 'pending', blocked: false, blocklist: [] }))).toContain(
      'Verdict: pending',
    );
    expect(renderSecurityPage(view({ verdict: 'pass', blocked: false, blocklist: [] }))).toContain(
      'banner-pass',
    );
  });

  it('shows each provider: status, counts, score, scanned at, tool, attestation, the error of a timeout', () => {
    expect(html).toContain('<h3>semgrep</h3>');
    expect(html).toContain('<dt>Score</dt><dd>40 / 100</dd>');
    expect(html).toContain('<time datetime="2025-03-04T05:06:00.000Z">2025-03-04 05:06 UTC</time>');
    expect(html).toContain('<dt>Tool</dt><dd>semgrep 1.90.0</dd>');
    expect(html).toContain('<dt>Attested</dt><dd>Yes, signature verified</dd>');
    expect(html).toContain('<dt>Status</dt><dd>Timed out</dd>');
    expect(html).toContain('<caption>Findings of semgrep</caption>');
    expect(html).toMatch(/<td data-severity="critical">2<\/td><td data-severity="high">1<\/td>/);
  });

  it('links nowhere but the repository, loads nothing, and the CSP allows exactly its stylesheet', () => {
    expect(hrefs(html).sort()).toEqual([COMMIT_URL, FILE_URL, `${REPO}`].sort());
    expect(
      tags(html).filter((t) => /^<(link|script|iframe|img|form|object|embed)\b|\s(src|style)\s*=/i.test(t)),
    ).toEqual([]);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(SECURITY_PAGE_CSP).toContain(`style-src ${STYLE_HASH_SOURCE}`);
    expect(SECURITY_PAGE_CSP).toContain("default-src 'none'");
  });
});
