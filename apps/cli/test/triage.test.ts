import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createScanrelayClient,
  isClientError,
  type ScanrelayClient,
  type StoredFinding,
} from '@scanrelay/client';
import {
  createApiKey,
  fixturesDir,
  type KeyedService,
  need,
  runCli,
  startKeyedService,
} from '@scanrelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const trivy = path.join(fixturesDir, 'defectdojo/trivy/scheme_2_many_vulns.json');

describe.runIf(need('fixtures'))(
  'scanrelay triage and vex, and the client, against a running service',
  () => {
    let svc: KeyedService | undefined;
    let triageKey = '';
    let client: ScanrelayClient;
    /** The report's findings, critical first. */
    const findings: StoredFinding[] = [];

    beforeAll(async () => {
      svc = await startKeyedService();
      triageKey = await createApiKey(path.join(svc.tmp.dir, 'data'), 'read,triage');
      const up = await runCli(['upload', '--file', trivy, '--project', 'shop', '--wait'], { env: svc.env() });
      expect(up.code, up.stderr).toBe(0);
      client = createScanrelayClient({ baseUrl: svc.url, apiKey: triageKey });
      for await (const f of client.projectFindings('shop', {
        kind: 'package',
        sort: 'severity',
        order: 'desc',
      }))
        findings.push(f);
    }, 120_000);
    afterAll(() => svc?.stop());

    const triager = () => ({ ...svc!.env(), SCANRELAY_API_KEY: triageKey });
    const critical = () => findings[0]!;

    it('lists the report by severity, critical first, through the client', () => {
      expect(findings.map((f) => f.severity)).toEqual(['critical', 'high', 'medium', 'medium', 'medium']);
      expect(critical().ruleId).toBe('CVE-2019-12900');
      expect(critical().status).toBe('open');
    });

    it('marks a finding a false positive from the CLI, and it stays one when the same report is uploaded again', async () => {
      const id = critical().id;
      const res = await runCli(
        ['triage', '--finding', id, '--status', 'false_positive', '--reason', 'bzip2 is never called'],
        { env: triager() },
      );
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toBe(
        `scanrelay triage: finding ${id} [critical] ${critical().finding.name}: false-positive (bzip2 is never called)\n`,
      );

      const again = await runCli(['upload', '--file', trivy, '--project', 'shop', '--wait'], {
        env: svc!.env(),
      });
      expect(again.code, again.stderr).toBe(0);
      const read = await client.getFinding(id);
      expect(read.status).toBe('false-positive');
      expect(read.triage).toMatchObject({
        reason: 'bzip2 is never called',
        by: expect.stringMatching(/^key:sr_/),
      });
      const history = await client.findingHistory(id);
      expect(history.items.map((e) => [e.from, e.to, e.reason])).toEqual([
        ['open', 'false-positive', 'bzip2 is never called'],
      ]);
    }, 120_000);

    it('refuses invalid options with exit 2 and the reason, before any request', async () => {
      const id = findings[1]!.id;
      const cases: [string[], RegExp][] = [
        [
          ['--finding', id, '--status', 'accepted_risk'],
          /--reason: required to mark a finding accepted-risk/,
        ],
        [['--finding', id, '--status', 'wontfix', '--reason', 'x'], /--status: /],
        [
          ['--finding', id, '--status', 'false_positive', '--reason', 'x', '--expires', '2030-01-01'],
          /--expires: applies only to accepted-risk/,
        ],
        [['--project', 'shop', '--status', 'open'], /needs at least one --filter-\* option/],
        [['--project', 'shop', '--filter-kind', 'file', '--status', 'open'], /--filter-kind: /],
      ];
      for (const [args, message] of cases) {
        const res = await runCli(['triage', ...args], {
          env: { SCANRELAY_API_URL: 'http://127.0.0.1:9', SCANRELAY_API_KEY: 'sr_x' },
        });
        expect(res.code, args.join(' ')).toBe(2);
        expect(res.stderr).toMatch(message);
      }
    }, 120_000);

    it('exits 2 with the reason when the service refuses: no triage scope, an unknown finding', async () => {
      const noScope = await runCli(
        ['triage', '--finding', findings[1]!.id, '--status', 'false_positive', '--reason', 'x'],
        { env: svc!.env() },
      );
      expect(noScope.code).toBe(2);
      expect(noScope.stderr).toMatch(/lacks the "triage" scope/);
      const unknown = await runCli(['triage', '--finding', 'nope', '--status', 'open'], { env: triager() });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/no finding with id "nope"/);
    }, 120_000);

    it('accepts the risk of every medium finding by filter, with an expiry, and prints what changed', async () => {
      const res = await runCli(
        [
          'triage',
          '--project',
          'shop',
          '--filter-severity',
          'medium',
          '--status',
          'accepted_risk',
          '--reason',
          'base image update planned',
          '--expires',
          '2099-12-31',
          '--json',
        ],
        { env: triager() },
      );
      expect(res.code, res.stderr).toBe(0);
      const out = JSON.parse(res.stdout) as { changed: number; ids: string[] };
      expect(out.changed).toBe(3);
      expect(out.ids.sort()).toEqual(
        findings
          .filter((f) => f.severity === 'medium')
          .map((f) => f.id)
          .sort(),
      );
      const accepted = await client.getFinding(out.ids[0]!);
      expect(accepted.triage?.acceptedUntil).toBe('2099-12-31T23:59:59.999Z');
    }, 120_000);

    it('triages through the client in either spelling, and reports a refused field', async () => {
      const high = findings[1]!;
      const triaged = await client.triageFinding(high.id, {
        status: 'accepted-risk',
        reason: 'mitigated by WAF',
      });
      expect(triaged.status).toBe('accepted-risk');
      const reopened = await client.triageFinding(high.id, { status: 'open' });
      expect(reopened.status).toBe('open');
      expect(reopened.triage).toBeUndefined();
      // Refused before a request (the API's schema), and by the service (the clock's rule): both name the field.
      const local = await client
        .triageFinding(high.id, { status: 'false_positive' })
        .catch((e: unknown) => e);
      expect(isClientError(local) && [local.code, local.errors[0]?.path]).toEqual([
        'invalid_request',
        'reason',
      ]);
      const past = await client
        .triageFinding(high.id, { status: 'accepted_risk', reason: 'x', expires: '2020-01-01' })
        .catch((e: unknown) => e);
      expect(isClientError(past) && [past.status, past.code, past.errors[0]?.path]).toEqual([
        400,
        'VALIDATION_FAILED',
        'expires',
      ]);
      expect((await client.getFinding(high.id)).status).toBe('open');
      const none = await client.triageFindings('shop', { filter: { severity: 'info' }, status: 'open' });
      expect(none).toEqual({ changed: 0, ids: [] });
    });

    it('writes the OpenVEX document with `scanrelay vex --output`, the same the client reads', async () => {
      const file = path.join(svc!.tmp.dir, 'out', 'shop.openvex.json');
      const res = await runCli(['vex', '--project', 'shop', '--output', file], { env: svc!.env() });
      expect(res.code, res.stderr).toBe(0);
      const written = JSON.parse(readFileSync(file, 'utf8'));
      const read = await client.projectVex('shop');
      expect(written.statements).toEqual(read.statements);
      const byCve = Object.fromEntries(read.statements.map((s) => [s.vulnerability.name, s.status]));
      expect(byCve).toEqual({
        'CVE-2019-12900': 'not_affected',
        'CVE-2020-15999': 'affected',
        'CVE-2018-11771': 'affected',
        'CVE-2018-1324': 'affected',
      });
      const missing = await runCli(['vex', '--project', 'nowhere'], { env: svc!.env() });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/scanrelay: vex: .*nowhere/);
    }, 120_000);
  },
);
