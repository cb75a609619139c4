import { collect, parseReport } from '@scanrelay/parsers';
import type { SastResult } from '../../src/types.js';

/** Bandit 1.6.2's JSON for a two-function app.py (recorded on this machine; `metrics` trimmed). */
const BANDIT_REPORT = JSON.stringify({
  errors: [],
  generated_at: '2026-12-04T00:06:59Z',
  metrics: {
    _totals: { 'SEVERITY.HIGH': 1.0, 'SEVERITY.LOW': 1.0, 'SEVERITY.MEDIUM': 1.0, loc: 5, nosec: 0 },
  },
  results: [
    {
      code: '1 import subprocess\n2 import hashlib\n3 \n',
      filename: './app.py',
      issue_confidence: 'HIGH',
      issue_severity: 'LOW',
      issue_text: 'Consider possible security implications associated with subprocess module.',
      line_number: 1,
      line_range: [1],
      more_info:
        'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html#b404-import-subprocess',
      test_id: 'B404',
      test_name: 'blacklist',
    },
    {
      code: '4 def run(cmd):\n5     subprocess.call(cmd, shell=True)\n6     return hashlib.md5(cmd.encode()).hexdigest()\n',
      filename: './app.py',
      issue_confidence: 'HIGH',
      issue_severity: 'HIGH',
      issue_text: 'subprocess call with shell=True identified, security issue.',
      line_number: 5,
      line_range: [5],
      more_info:
        'https://bandit.readthedocs.io/en/latest/plugins/b602_subprocess_popen_with_shell_equals_true.html',
      test_id: 'B602',
      test_name: 'subprocess_popen_with_shell_equals_true',
    },
    {
      code: '5     subprocess.call(cmd, shell=True)\n6     return hashlib.md5(cmd.encode()).hexdigest()\n',
      filename: './app.py',
      issue_confidence: 'HIGH',
      issue_severity: 'MEDIUM',
      issue_text: 'Use of insecure MD2, MD4, MD5, or SHA1 hash function.',
      line_number: 6,
      line_range: [6],
      more_info: 'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b303-md5',
      test_id: 'B303',
      test_name: 'blacklist',
    },
  ],
});

export const COMMIT = '3f9c2b7e1d4a5b6c7d8e9f00112233445566778a';

/** A completed bandit result over the report above, as a runner would give it. */
export async function sampleResult(overrides: Partial<SastResult> = {}): Promise<SastResult> {
  const { findings } = await parseReport({ text: BANDIT_REPORT }, { scannerType: 'bandit' });
  const list = await collect(findings);
  const counts: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of list) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return {
    project: 'acme-skill',
    provider: 'bandit',
    scanId: 'scan-42',
    repoUrl: 'https://github.com/acme/skill.git',
    commitSha: COMMIT,
    tool: { name: 'Bandit', version: '1.6.2' },
    startedAt: '2026-12-04T00:06:58.000Z',
    finishedAt: '2026-12-04T00:06:59.000Z',
    status: 'completed',
    counts,
    verdict: 'pass',
    score: 82,
    findings: list,
    ...overrides,
  };
}
