import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInvictiRunError } from '../src/index.js';
import { readJson, TOKEN, USER_ID, useInvictiRun } from './support.js';

const { fake, dir, start, settings, run } = useInvictiRun();

async function startWithScan(targetUri = 'https://shop.example.com/'): Promise<string> {
  await start({ plan: { queuedMs: 0, scanningMs: 1000, archivingMs: 0, issues: 430 } });
  const res = await fetch(`${fake().url}/api/1.0/scans/new`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${USER_ID}:${TOKEN}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ TargetUri: targetUri }),
  });
  const [scan] = (await res.json()) as { Id: string }[];
  return scan?.Id as string;
}

describe('the issues of a finished scan', () => {
  it('fetches every page and writes its findings, ignoring other scans', async () => {
    const scanId = await startWithScan();
    fake().seedIssues(
      { id: '0f0f0f0f-0000-4000-8000-000000000000', targetUrl: 'https://shop.example.com/' },
      25,
    );
    fake().advance(1000);
    const outcome = await run(settings({ action: 'issues', scanId, format: 'json' }));
    expect(outcome).toMatchObject({
      kind: 'completed',
      scanId,
      findingsCount: 430,
      scan: { Id: scanId, State: 'Complete' },
      files: { findingsFile: path.join(dir(), 'findings.json') },
    });
    const findings = readJson(dir(), 'findings.json');
    expect(findings).toHaveLength(430);
    expect(findings.filter((f: { severity: string }) => f.severity === 'critical')).toHaveLength(72);
    expect(new Set(findings.map((f: { attributes: { scanId: string } }) => f.attributes.scanId))).toEqual(
      new Set([scanId]),
    );
    expect(readJson(dir(), 'scan-metadata.json')).toMatchObject({
      scanId,
      status: 'Complete',
      mode: 'issues',
      findingsCount: 430,
      target: 'https://shop.example.com/',
    });
    const pages = fake()
      .requests.filter((r) => r.path === '/api/1.0/issues/allissues')
      .map((r) => r.query.page);
    expect(pages).toEqual(['1', '2', '3']);
  });

  it('runs from SCB_ACTION=Issues and SCB_SCAN__ID, writing secureCodeBox findings by default', async () => {
    const scanId = await startWithScan();
    fake().advance(1000);
    const outcome = await run(
      settings(
        { outputDir: undefined },
        { SCB_ACTION: 'Issues', SCB_SCAN__ID: scanId, SCB_SCANNER__OUTPUTPATH: dir() },
      ),
    );
    expect(outcome.kind).toBe('completed');
    const findings = readJson(dir(), 'findings.json');
    expect(findings).toHaveLength(430);
    expect(findings[0]).toMatchObject({
      name: 'SQL Injection',
      severity: 'HIGH',
      location: 'https://shop.example.com/artist.php?id=1',
    });
  });

  it('is incomplete for a scan that has not finished, and fails for an unknown scan id', async () => {
    const scanId = await startWithScan();
    const running = await run(settings({ action: 'issues', scanId }));
    expect(running).toMatchObject({ kind: 'incomplete', reason: 'not_finished', state: 'Scanning' });
    expect(running.kind === 'incomplete' && running.detail).toContain(
      `Invicti scan ${scanId} is Scanning, not finished yet; no issues were fetched`,
    );
    expect(existsSync(path.join(dir(), 'findings.json'))).toBe(false);
    const unknown = await run(
      settings({ action: 'issues' }, { SCB_SCAN__ID: '00000000-0000-4000-8000-0000000000aa' }),
    ).catch((e: unknown) => e);
    expect(isInvictiRunError(unknown) && unknown.code).toBe('not_found');
    expect(isInvictiRunError(unknown) && unknown.detail).toMatch(/404.*check --scan-id \/ SCB_SCAN__ID/);
  });
});
