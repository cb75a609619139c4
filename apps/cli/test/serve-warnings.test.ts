import { makeTempDir, spawnCli } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

describe('scanrelay serve start-up warnings', () => {
  const tmp = makeTempDir('scanrelay-serve-warn-');
  afterAll(() => tmp.cleanup());

  it('warns on stderr when the Invicti webhook is enabled in mode worker without Invicti credentials', async () => {
    const env = {
      SCANRELAY_LOG_LEVEL: 'error',
      DATABASE_URL: '',
      REDIS_URL: '',
      SCANRELAY_INVICTI_WEBHOOK_TOKENS: 'a-webhook-token-of-32-characters',
      SCANRELAY_INVICTI_USER_ID: '',
      SCANRELAY_INVICTI_API_TOKEN: '',
    };
    const serve = spawnCli(['serve', '--port', '0', '--data-dir', tmp.dir], { env });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      serve.child.stdout?.on('data', (d: string) => {
        out += d;
        if (out.includes('listening on')) resolve();
      });
      serve.child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    serve.child.kill('SIGTERM');
    const result = await serve.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'scanrelay: warning: the Invicti webhook is enabled in mode "worker" but invicti.userId (SCANRELAY_INVICTI_USER_ID) and invicti.apiToken (SCANRELAY_INVICTI_API_TOKEN) are not set',
    );
    // The secret itself is never printed.
    expect(result.stderr + result.stdout).not.toContain('a-webhook-token-of-32-characters');
  });
});
