import type { Finding } from '@scanrelay/findings-schema';
import { createInvictiClient, type Issue } from '@scanrelay/invicti-client';
import { mapInvictiIssues, ParseInput, parseReport } from '@scanrelay/parsers';
import { describe, expect, it } from 'vitest';
import { collectInvictiFindings } from '../src/index.js';
import { TOKEN, USER_ID, useInvictiRun } from './support.js';

const { fake, start } = useInvictiRun();

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}

/** What the `invicti` parser makes of a JSON document. */
async function parsed(doc: unknown): Promise<Finding[]> {
  const input = new ParseInput({ text: JSON.stringify(doc) });
  const { findings } = await parseReport(input, { scannerType: 'invicti' });
  return all(findings);
}

/** A finding's `id` is a fresh UUID per creation; everything else must be equal. */
const withoutId = (findings: Finding[]) => findings.map(({ id: _id, ...rest }) => rest);

async function clientWithScan(issues: number) {
  await start({ plan: { queuedMs: 0, scanningMs: 0, archivingMs: 0, issues } });
  const client = createInvictiClient({ baseUrl: fake().url, userId: USER_ID, apiToken: TOKEN });
  const { scan } = await client.launchScan({ targetUri: 'https://f.example.com/' });
  return { client, scanId: scan.Id };
}

describe('collectInvictiFindings', () => {
  it("turns a scan's issues into canonical findings through the invicti parser's mapping", async () => {
    const { client, scanId } = await clientWithScan(7);
    const pages: number[] = [];
    const findings = await all(collectInvictiFindings(client, scanId, { onPage: (p) => pages.push(p.page) }));
    expect(pages).toEqual([1]);
    expect(findings.map((f) => f.severity)).toEqual([
      'critical',
      'high',
      'medium',
      'low',
      'info',
      'info',
      'critical',
    ]);
    expect(findings[0]).toMatchObject({
      tool: { id: 'invicti' },
      name: 'SQL Injection',
      cwe: ['CWE-89'],
      location: { kind: 'url', url: 'https://f.example.com/artist.php?id=1', parameter: 'id' },
    });
    expect(findings[2]?.cwe).toEqual(['CWE-1035', 'CWE-937']);
    // The scan's JSON vulnerabilities report, through the parser, names the same findings.
    const fromReport = await parsed(await client.getVulnerabilitiesReport(scanId));
    expect(fromReport.map((f) => f.name)).toEqual(findings.map((f) => f.name));
  });

  it('stops at once when its signal aborts', async () => {
    const { client, scanId } = await clientWithScan(3);
    const it = collectInvictiFindings(client, scanId, { signal: AbortSignal.abort() });
    await expect(it.next()).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('mapInvictiIssues (of @scanrelay/parsers)', () => {
  it('equals parsing the same issues as a JSON array with the invicti parser', async () => {
    const { client, scanId } = await clientWithScan(40);
    const issues: Issue[] = await all(client.listIssues(scanId));
    expect(issues).toHaveLength(40);
    // A repeated issue is merged the same way (occurrences 2) by both.
    const withRepeat = [...issues, issues[0] as Issue];
    const mapped = await all(mapInvictiIssues(withRepeat));
    const fromArray = await parsed(withRepeat);
    expect(mapped).toHaveLength(40);
    expect(withoutId(mapped)).toEqual(withoutId(fromArray));
    expect(mapped[0]?.occurrences).toBe(2);
    // Async sources (listIssues itself) map to the same findings.
    expect(withoutId(await all(mapInvictiIssues(client.listIssues(scanId))))).toEqual(
      withoutId(await parsed(issues)),
    );
  });

  it('throws a ParseError naming the issue, as the parser does', async () => {
    const bad = [{ Title: 'x', Url: 'https://a.example.com/', Severity: 'High' }, { Title: 'no url' }];
    const mapped = await all(mapInvictiIssues(bad)).catch((e: unknown) => e);
    const viaParser = await parsed(bad).catch((e: unknown) => e);
    expect((mapped as Error).name).toBe('ParseError');
    expect((mapped as Error).message).toBe((viaParser as Error).message);
    expect((mapped as Error).message).toContain('$[1]');
  });
});
