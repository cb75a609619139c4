import { describe, expect, it } from 'vitest';
import { ParseInput } from './io/parse-input.js';
import { readJson } from './io/read-json.js';
import { collect, parseReport } from './registry.js';

// Errors and warnings travel to logs, the CLI and the API's answers: they describe what came,
// never quote it (issue 10 item 4). Each case plants a secret where a message used to quote it.
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

async function messagesOf(text: string, scannerType: string): Promise<string[]> {
  const warnings: string[] = [];
  try {
    const { findings } = await parseReport({ text }, { scannerType, onWarning: (w) => warnings.push(w) });
    await collect(findings);
  } catch (e) {
    warnings.push((e as Error).message);
  }
  return warnings;
}

describe('parse errors and warnings quote no report content', () => {
  const cases: [string, string, string][] = [
    ['nuclei', 'a line that is not JSON', `{"template-id":"t","info":{},"matched-at":"${SECRET}"\n`],
    [
      'zap',
      'a riskcode',
      JSON.stringify({ site: [{ alerts: [{ pluginid: '1', alert: 'a', riskcode: SECRET }] }] }),
    ],
    ['zap', 'a root element name', `<?xml version="1.0"?><${'k'}${SECRET.replace(/\W/g, '')}/>`],
    ['zap', 'an unclosed tag name', `<OWASPZAPReport><site><alerts><x${SECRET.replace(/\W/g, '')}>`],
    ['sarif', 'a version', JSON.stringify({ version: SECRET, runs: [] })],
    [
      'npm-audit',
      "npm's error summary",
      JSON.stringify({
        error: { code: 'E401', summary: `GET https://user:${SECRET}@registry.test/ failed` },
      }),
    ],
    ['snyk', "snyk's error text", JSON.stringify({ ok: false, error: SECRET, path: `/src/${SECRET}` })],
    [
      'semgrep',
      'an unknown severity',
      JSON.stringify({
        results: [
          {
            check_id: 'r',
            path: 'a.js',
            start: { line: 1, col: 1 },
            end: { line: 1, col: 2 },
            extra: { severity: SECRET, message: 'm' },
          },
        ],
        errors: [],
      }),
    ],
    ['trivy', 'a syntax error', `{"SchemaVersion":2,"Results":[{"Target":"${SECRET}" "x"}]}`],
    [
      'invicti',
      'a value of the wrong type',
      JSON.stringify({ Generated: 'x', Target: {}, Vulnerabilities: [SECRET] }),
    ],
  ];

  it.each(cases)('%s: %s', async (scanner, _what, text) => {
    const messages = await messagesOf(text, scanner);
    expect(messages.length, 'a message is expected').toBeGreaterThan(0);
    for (const m of messages) {
      expect(m).not.toContain('wJal');
      expect(m).not.toContain('EXAMPLEKEY');
    }
  });

  it('readJson: a syntax error', async () => {
    const e = await readJson(new ParseInput({ text: `{"k":"${SECRET}" x}` }), 'test').catch(
      (x: unknown) => x,
    );
    expect((e as Error).message).toMatch(/expected valid JSON, got /);
    expect((e as Error).message).not.toContain('wJal');
    expect((e as Error).cause).toBeUndefined();
  });
});
