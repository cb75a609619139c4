import { OPENVEX_CONTEXT, openVexDocumentSchema } from '@scanrelay/api-schema';
import { createFinding, type Finding } from '@scanrelay/findings-schema';
import type { Store } from '@scanrelay/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenVex, ingest, listFindings, triageFinding } from '../src/index.js';
import { backends } from './backends.js';
import { pkg, sast } from './findings.js';

/** A package finding with a purl and the given vulnerability ids. */
function vuln(ids: string[], name: string, version: string, purl?: string): Finding {
  return createFinding({
    tool: { id: 'trivy', name: 'Trivy' },
    ruleId: ids[0] ?? 'x',
    name: `${ids[0]} in ${name}`,
    severity: 'high',
    category: 'vulnerability',
    location: { kind: 'package', name, version, ...(purl ? { purl } : {}) },
    cve: ids,
  });
}

const LODASH = 'pkg:npm/lodash@4.17.20';
const REPORT = () => [
  vuln(['CVE-2024-1000', 'GHSA-29mw-wpgm-hmr9'], 'lodash', '4.17.20', LODASH),
  vuln(['CVE-2024-1001'], 'libfoo', '1.0'),
  vuln(['CVE-2024-1002'], 'libgone', '2.0', 'pkg:deb/debian/libgone@2.0'),
  pkg('CVE-2024-1003', 'libopen', '3.0'),
  vuln(['GHSA-jfh8-c2jp-5v3q'], 'minimist', '1.2.5', 'pkg:npm/minimist@1.2.5'),
  sast('no-eval', 'src/app.js', { severity: 'critical' }),
];

for (const backend of backends) {
  describe.runIf(backend.enabled)(`OpenVEX export on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let tenant: string;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      tenant = (await store.tenants.getOrCreate('acme')).id;
    });
    afterAll(() => cleanup?.());

    const run = (project: string, findings: Finding[]) =>
      ingest(store, { tenant, project, scan: { provider: 'trivy' }, findings, mode: 'new' });
    async function triage(
      project: string,
      rule: string,
      status: 'false-positive' | 'accepted-risk',
      reason: string,
      expiresAt?: string,
    ) {
      const p = await store.projects.getByName(tenant, project);
      const rows = await listFindings(store, tenant, { projectId: p?.id, limit: 100 });
      const id = rows.items.find((f) => f.ruleId === rule)?.id;
      if (!id) throw new Error(`no ${rule}`);
      await triageFinding(store, { tenantId: tenant, id, status, reason, expiresAt, actor: 'key:vex' });
    }

    it('states each triaged vulnerability per product, and validates as OpenVEX v0.2.0', async () => {
      await run('vex-app', REPORT());
      // libgone goes away: fixed.
      await run(
        'vex-app',
        REPORT().filter((f) => !f.cve.includes('CVE-2024-1002')),
      );
      await triage('vex-app', 'CVE-2024-1000', 'false-positive', 'lodash.template is never called');
      await triage(
        'vex-app',
        'CVE-2024-1001',
        'accepted-risk',
        'patched build due next sprint',
        '2099-06-30',
      );
      await triage('vex-app', 'GHSA-jfh8-c2jp-5v3q', 'false-positive', 'only used in tests');
      await triage('vex-app', 'no-eval', 'false-positive', 'not a vulnerability id: left out');

      const now = new Date('2030-01-02T03:04:05.000Z');
      const doc = await buildOpenVex(store, {
        tenantId: tenant,
        project: 'vex-app',
        author: 'Acme Security',
        now,
      });
      expect(openVexDocumentSchema.safeParse(doc).error).toBeUndefined();
      expect(doc).toMatchObject({
        '@context': OPENVEX_CONTEXT,
        author: 'Acme Security',
        timestamp: '2030-01-02T03:04:05.000Z',
        version: 1,
      });
      expect(doc['@id']).toMatch(new RegExp(`^https://scanrelay\\.dev/vex/${tenant}/vex-app/[0-9a-f]{64}$`));
      const byName = Object.fromEntries(doc.statements.map((s) => [s.vulnerability.name, s]));
      expect(Object.keys(byName).sort()).toEqual([
        'CVE-2024-1000',
        'CVE-2024-1001',
        'CVE-2024-1002',
        'GHSA-jfh8-c2jp-5v3q',
      ]);
      expect(byName['CVE-2024-1000']).toMatchObject({
        vulnerability: { name: 'CVE-2024-1000', aliases: ['GHSA-29mw-wpgm-hmr9'] },
        products: [{ '@id': LODASH, identifiers: { purl: LODASH } }],
        status: 'not_affected',
        justification: 'vulnerable_code_not_present',
        impact_statement: 'lodash.template is never called',
      });
      const accepted = byName['CVE-2024-1001'];
      expect(accepted).toMatchObject({
        status: 'affected',
        products: [{ '@id': `https://scanrelay.dev/projects/${tenant}/vex-app` }],
      });
      expect(accepted?.action_statement).toBe(
        'patched build due next sprint; accepted until 2099-06-30T23:59:59.999Z',
      );
      expect(byName['CVE-2024-1002']).toMatchObject({
        status: 'fixed',
        products: [{ '@id': 'pkg:deb/debian/libgone@2.0' }],
      });
      expect(byName['GHSA-jfh8-c2jp-5v3q']).toMatchObject({
        status: 'not_affected',
        products: [{ '@id': 'pkg:npm/minimist@1.2.5' }],
      });
      // The open CVE-2024-1003 is not stated; the same decisions give the same @id at another time.
      const later = await buildOpenVex(store, {
        tenantId: tenant,
        project: 'vex-app',
        author: 'Acme Security',
        now: new Date('2030-02-01T00:00:00.000Z'),
      });
      expect(later['@id']).toBe(doc['@id']);
    });

    it('refuses what the schema refuses', () => {
      const statement = { vulnerability: { name: 'CVE-2024-1' }, status: 'not_affected' };
      const doc = {
        '@context': OPENVEX_CONTEXT,
        '@id': 'https://example.com/vex/1',
        author: 'x',
        timestamp: '2030-01-01T00:00:00Z',
        version: 1,
        statements: [statement],
      };
      expect(openVexDocumentSchema.safeParse(doc).error?.issues[0]?.message).toMatch(/justification/);
      expect(
        openVexDocumentSchema.safeParse({ ...doc, statements: [{ ...statement, status: 'affected' }] })
          .success,
      ).toBe(false);
      expect(openVexDocumentSchema.safeParse({ ...doc, statements: [] }).success).toBe(false);
      expect(
        openVexDocumentSchema.safeParse({
          ...doc,
          extra: 1,
          statements: [{ ...statement, justification: 'component_not_present' }],
        }).success,
      ).toBe(false);
    });

    it("answers not_found for another tenant's project and for a project with nothing to state", async () => {
      await run('vex-empty', [pkg('CVE-2024-2000', 'a', '1')]);
      const other = (await store.tenants.getOrCreate('initech')).id;
      await expect(
        buildOpenVex(store, { tenantId: other, project: 'vex-app', author: 'x' }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(
        buildOpenVex(store, { tenantId: tenant, project: 'vex-empty', author: 'x' }),
      ).rejects.toMatchObject({
        code: 'not_found',
        detail: expect.stringMatching(/no triaged vulnerability/),
      });
    });
  });
}
