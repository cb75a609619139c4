import { randomUUID } from 'node:crypto';
import { type Finding, fingerprint, type Severity } from '@scanrelay/findings-schema';

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const TOOL = { id: 'trivy', name: 'Trivy', version: '0.58.0' };

/**
 * A `createFinding`-shaped Trivy-like finding, deterministic in `i` (package i, CVE i). `variant`
 * changes the description only (same identity, new content).
 */
function syntheticFinding(i: number, variant = 0): Finding {
  const draft = {
    tool: TOOL,
    ruleId: `CVE-2024-${String(10_000 + (i % 90_000)).padStart(5, '0')}`,
    name: `Vulnerability ${i} in pkg-${i}`,
    description: `pkg-${i} before 2.${i % 50}.1 lets a remote attacker cause a denial of service via crafted input.${variant ? ` (revised ${variant})` : ''}`,
    severity: SEVERITIES[i % 5] as Severity,
    category: 'vulnerability',
    location: {
      kind: 'package' as const,
      name: `pkg-${i}`,
      version: `1.${i % 100}.${i % 7}`,
      fixedVersion: `2.${i % 50}.1`,
      purl: `pkg:npm/pkg-${i}@1.${i % 100}.${i % 7}`,
      ecosystem: 'npm',
      path: 'package-lock.json',
    },
    cwe: ['CWE-400'],
    cve: [`CVE-2024-${String(10_000 + (i % 90_000)).padStart(5, '0')}`],
    cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', score: 7.5 },
    references: [`https://avd.aquasec.com/nvd/cve-2024-${i}`],
    mitigation: `Upgrade pkg-${i} to 2.${i % 50}.1`,
    occurrences: 1,
    attributes: { target: 'package-lock.json', resource: '' },
  };
  return { ...draft, id: randomUUID(), fingerprint: fingerprint(draft) };
}

/** The first report: findings 0 … n-1. */
export function firstReport(n: number): Finding[] {
  return Array.from({ length: n }, (_, i) => syntheticFinding(i));
}

/**
 * A re-import with 90% unchanged: of every 20 findings, one has a new description (updated) and one
 * is replaced by a new package (so the old one is fixed and a new one created).
 */
export function reimportReport(n: number): Finding[] {
  return Array.from({ length: n }, (_, i) => {
    if (i % 20 === 0) return syntheticFinding(i, 1);
    if (i % 20 === 1) return syntheticFinding(n + i);
    return syntheticFinding(i);
  });
}
