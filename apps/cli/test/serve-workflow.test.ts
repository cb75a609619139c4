import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, spawnCli, startServe, stopChild, waitFor } from '@scanrelay/test-utils';
import { createFakeGitHub, type FakeGitHub } from '@scanrelay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TOKEN = 'whk_serve_workflow_token_0123456789';

describe('scanrelay serve with the Invicti webhook in workflow mode', () => {
  const tmp = makeTempDir();
  let gh: FakeGitHub;
  let serve: ChildProcess | undefined;
  let url = '';

  beforeAll(async () => {
    gh = await createFakeGitHub({
      tokens: ['ghp_dispatch'],
      repos: { 'acme/security': ['fetch-invicti-results.yml'] },
    });
    const config = path.join(tmp.dir, 'scanrelay.config.yaml');
    writeFileSync(
      config,
      [
        'webhooks:',
        '  invicti:',
        '    mode: workflow',
        '    project: website',
        '    workflow:',
        '      owner: acme',
        '      repo: security',
      ].join('\n'),
    );
    ({ url, child: serve } = await startServe(
      ['--port', '0', '--data-dir', path.join(tmp.dir, 'data'), '--config', config],
      {
        env: {
          DATABASE_URL: '',
          REDIS_URL: '',
          SCANRELAY_GITHUB_TOKEN: 'ghp_dispatch',
          SCANRELAY_GITHUB_API_URL: gh.url,
          SCANRELAY_INVICTI_WEBHOOK_TOKENS: TOKEN,
        },
      },
    ));
  });

  afterAll(async () => {
    await stopChild(serve);
    await gh?.close();
    tmp.cleanup();
  });

  it('dispatches fetch-invicti-results.yml on GitHub with only the scan id, once per scan', async () => {
    const scanId = randomUUID();
    const post = () =>
      fetch(`${url}/api/v1/webhooks/invicti-scan-complete`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ScanId: scanId }),
      });
    const first = await post();
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ accepted: true, duplicate: false, scanId, mode: 'workflow' });
    // The dispatch runs after the 202; wait for it, then send the same scan again.
    await waitFor('the workflow dispatch', () => gh.dispatches.length > 0);
    const again = await post();
    expect(await again.json()).toMatchObject({ accepted: false, duplicate: true, scanId });
    expect(gh.dispatches).toHaveLength(1);
    const d = gh.dispatches[0]!;
    expect(d).toMatchObject({
      kind: 'workflow_dispatch',
      owner: 'acme',
      repo: 'security',
      workflow: 'fetch-invicti-results.yml',
      ref: 'main',
    });
    expect(d.inputs.scan_id).toBe(scanId);
    expect(JSON.stringify(d.inputs)).not.toContain(TOKEN);
    expect(JSON.stringify(d.inputs)).not.toContain('ghp_dispatch');
  });

  it('refuses to start in workflow mode without a GitHub token, naming the setting', async () => {
    const { done } = spawnCli(['serve', '--port', '0', '--data-dir', path.join(tmp.dir, 'data2')], {
      env: { SCANRELAY_INVICTI_WEBHOOK_MODE: 'workflow', SCANRELAY_GITHUB_TOKEN: '' },
      cwd: tmp.dir,
    });
    const res = await done;
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/webhooks\.invicti\.workflow|github\.token/);
  });
});
