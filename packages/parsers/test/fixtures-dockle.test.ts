import { readdirSync, readFileSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { dockleParser } from '../src/scanners/dockle.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected } from './support/parse-report.js';

// Own report: dockle 0.4.14 -f json of an image (with `image`, FATAL/WARN/INFO/SKIP details, an ENV
// credential whose value dockle quotes from the image history).
const ID = 'dockle';
const data = dataDir(ID);

const parsePath = (path: string) => parseDetected(ID, { path });

describe.runIf(need('fixtures'))('dockle fixtures (DefectDojo)', () => {
  const entries = expectedFor('dockle');

  it('has the dockle fixtures', () => expect(entries.length).toBe(2));

  // 2/2 counts agree: one finding per detail that is not IGNORE (nor SKIP/PASS).
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe(ID);
    expect(await parsePath(fixturePath(file))).toHaveLength(e.expected_findings!);
  });

  it("many_findings.json: DefectDojo's titles, severities and rule ids; alerts sorted in the description", async () => {
    const f = await parsePath(fixturePath('dockle/many_findings.json'));
    expect(f.map((x) => [x.name, x.severity, x.ruleId, x.occurrences])).toEqual([
      ['CIS-DI-0001: Create a user for the container', 'medium', 'CIS-DI-0001', 1],
      ['CIS-DI-0005: Enable Content trust for Docker', 'low', 'CIS-DI-0005', 1],
      ['CIS-DI-0008: Confirm safety of setuid/setgid files', 'low', 'CIS-DI-0008', 1],
    ]);
    expect(f[0]).toMatchObject({
      tool: { id: ID, name: 'Dockle' },
      description: 'Last user should not be root',
      category: 'Container',
      references: ['https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#CIS-DI-0001'],
    });
    expect(f[0]?.location).toBeUndefined();
    expect(f[2]?.description?.split('\n')[0]).toBe('setgid file: grwxr-xr-x sbin/unix_chkpwd');
    expect(f[2]?.attributes).toEqual({ level: 'INFO', alerts: 13 });
  });

  it('detection is exclusive: 0 on every other folder and test data', () => {
    for (const { file, head } of foreignHeads(['dockle'], [ID]))
      expect(dockleParser.detect(head), file).toBe(0);
  });
});

describe('dockle own fixtures', () => {
  it('auto-detects every report in test/data/dockle', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('dockle 0.4.14: FATAL high, WARN medium, INFO low, SKIP no finding; the image is the location', async () => {
    const f = await parsePath(data('dockle-0.4.14.json'));
    expect(f.map((x) => [x.ruleId, x.severity])).toEqual([
      ['CIS-DI-0010', 'high'],
      ['DKL-DI-0005', 'high'],
      ['CIS-DI-0001', 'medium'],
      ['CIS-DI-0005', 'low'],
    ]);
    for (const x of f)
      expect(x.location).toEqual({ kind: 'source', file: 'registry.example.com/shop/api:1.4.2' });
  });

  it('never keeps the ENV value dockle quotes: the alert and the secret are redacted', async () => {
    expect(readFileSync(data('dockle-0.4.14.json'), 'utf8')).toContain('Sup3rS3cretPassw0rd');
    const [f] = await parsePath(data('dockle-0.4.14.json'));
    expect(JSON.stringify(f)).not.toContain('Sup3rS3cretPassw0rd');
    expect(f?.description).toBe(
      'Suspicious ENV key found : DB_PASSWORD on /bin/sh -c #(nop)  ENV DB_PASSWORD=Sup3********rd (You can suppress it with --accept-key)',
    );
    expect(f?.secret?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a detail without its code is a ParseError at its JSON path; a report without summary too', async () => {
    const bad = JSON.stringify({ summary: {}, details: [{ title: 't', level: 'WARN', alerts: [] }] });
    const e = await collect((await parseReport({ text: bad }, { scannerType: ID })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/^dockle: at \$\.details\[0\]\.code: expected a dockle detail/);
    const noSummary = await collect(
      (await parseReport({ text: '{"details":[]}' }, { scannerType: ID })).findings,
    ).catch((x: unknown) => x);
    expect(noSummary).toBeInstanceOf(ParseError);
  });
});
