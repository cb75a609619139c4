import { createFinding, type Finding, type FindingDraft } from '@scanrelay/findings-schema';
import type { SinkContext } from '../src/index.js';

export const CLIENT_ID = 'phoenix-client';
export const CLIENT_SECRET = 'phoenix-secret-Zq8vT3nW';

export function finding(over: Partial<FindingDraft> = {}): Finding {
  return createFinding({
    tool: { id: 'trivy', name: 'Trivy' },
    ruleId: 'CVE-2024-0001',
    name: 'CVE-2024-0001 openssl 3.0.1',
    description: 'Buffer overflow in openssl',
    severity: 'high',
    category: 'SCA',
    location: {
      kind: 'package',
      name: 'openssl',
      version: '3.0.1',
      fixedVersion: '3.0.7',
      path: 'package-lock.json',
    },
    cwe: ['CWE-120'],
    cve: ['CVE-2024-0001', 'GHSA-abcd-efgh-ijkl', 'OSV-2024-1'],
    ...over,
  });
}

export async function* stream<T>(items: Iterable<T>, between?: (i: number) => void): AsyncGenerator<T> {
  let i = 0;
  for (const item of items) {
    between?.(i++);
    yield item;
  }
}

export function context(over: Partial<SinkContext> = {}): SinkContext {
  return { scanId: 'scan-1', tenantId: 't1', project: 'shop', scanner: 'trivy', importType: 'new', ...over };
}

/** A sleep that records what it was asked to wait and returns at once. */
export function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}
