import { makeTempDir, runCli } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

describe('scanrelay keys list / revoke', () => {
  const tmp = makeTempDir('scanrelay-keys-');
  afterAll(() => tmp.cleanup());
  const env = { DATABASE_URL: '', SCANRELAY_LOG_LEVEL: 'error' };
  const cli = (...args: string[]) => runCli(['keys', ...args, '--data-dir', tmp.dir], { env });

  it('lists keys per tenant or all without the keys, and revokes one by its prefix', async () => {
    const ci = await cli('create', '--tenant', 'acme', '--scopes', 'upload,read', '--name', 'ci');
    expect(ci.code, ci.stderr).toBe(0);
    const ciKey = ci.stdout.trim();
    const other = await cli('create', '--tenant', 'other', '--scopes', 'admin', '--name', 'ops');
    expect(other.code, other.stderr).toBe(0);

    const all = await cli('list');
    expect(all.code, all.stderr).toBe(0);
    const [header, ...rows] = all.stdout.trim().split('\n');
    expect(header).toMatch(/^ID\s+TENANT\s+NAME\s+PREFIX\s+SCOPES\s+CREATED\s+LAST USED\s+REVOKED$/);
    expect(rows).toHaveLength(2);
    expect(all.stdout).toContain(`${ciKey.slice(0, 12)}…`);
    expect(all.stdout).not.toContain(ciKey);

    const acme = await cli('list', '--tenant', 'acme', '--json');
    const listed = JSON.parse(acme.stdout) as {
      id: string;
      tenant: string;
      prefix: string;
      revokedAt: null;
    }[];
    expect(listed).toEqual([
      {
        id: expect.any(String),
        tenant: 'acme',
        name: 'ci',
        prefix: ciKey.slice(0, 12),
        scopes: ['upload', 'read'],
        createdAt: expect.any(String),
        lastUsedAt: null,
        revokedAt: null,
      },
    ]);

    const revoked = await cli('revoke', `${ciKey.slice(0, 12)}…`);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stderr).toContain(
      `revoked key ${ciKey.slice(0, 12)}… (id ${listed[0]!.id}) of tenant "acme"`,
    );
    const after = JSON.parse((await cli('list', '--json')).stdout) as {
      tenant: string;
      revokedAt: string | null;
    }[];
    expect(after.map((k) => [k.tenant, k.revokedAt === null])).toEqual([
      ['acme', false],
      ['other', true],
    ]);

    const unknown = await cli('revoke', 'sr_nothing');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no key has the id or prefix "sr_nothing"');
    const noTenant = await cli('list', '--tenant', 'nobody');
    expect(noTenant.code).toBe(2);
    expect(noTenant.stderr).toContain('no tenant is named "nobody"');
  });
});
