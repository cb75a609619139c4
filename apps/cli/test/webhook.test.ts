import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, runCli } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

const SVIX = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const env = { SCANRELAY_WEBHOOK_SECRET: '' };
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

function file(name: string, content: string): string {
  const p = path.join(tmp.dir, name);
  writeFileSync(p, content);
  return p;
}

const headerArgs = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .flatMap((line) => ['--header', line]);

describe('scanrelay webhook', () => {
  it('sign reproduces the Standard Webhooks vector, one "Name: value" per line', async () => {
    const body = file('svix.json', SVIX.body);
    const args = [
      '--scheme',
      'standard',
      '--secret',
      SVIX.secret,
      '--body',
      body,
      '--id',
      SVIX.id,
      '--timestamp',
      SVIX.timestamp,
    ];
    const res = await runCli(['webhook', 'sign', ...args], { env });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(
      `webhook-id: ${SVIX.id}\nwebhook-timestamp: ${SVIX.timestamp}\nwebhook-signature: ${SVIX.signature}\n`,
    );
  });

  it('verify prints the delivery id (exit 0) at the vector time, and the reason (exit 1) today', async () => {
    const args = [
      'webhook',
      'verify',
      '--scheme',
      'standard',
      '--secret',
      SVIX.secret,
      '--body',
      '-',
      '--header',
      `Webhook-Id: ${SVIX.id}`,
      '--header',
      `webhook-timestamp: ${SVIX.timestamp}`,
      '--header',
      `webhook-signature: ${SVIX.signature}`,
    ];
    const then = await runCli([...args, '--now', SVIX.timestamp], { env, input: SVIX.body });
    expect(then.code).toBe(0);
    expect(then.stdout).toBe(`${SVIX.id}\n`);
    const today = await runCli(args, { env, input: SVIX.body });
    expect(today.code).toBe(1);
    expect(today.stdout).toBe('');
    expect(today.stderr).toMatch(
      /invalid: timestamp_too_old: the signed timestamp \(2021-02-25T15:02:10\.000Z\)/,
    );
  });

  it('sign takes the secret from SCANRELAY_WEBHOOK_SECRET and the body from stdin (GitHub vector)', async () => {
    const res = await runCli(['webhook', 'sign', '--scheme', 'github', '--body', '-', '--id', 'd-1'], {
      env: { SCANRELAY_WEBHOOK_SECRET: "It's a Secret to Everybody" },
      input: 'Hello, World!',
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(
      'X-GitHub-Delivery: d-1\nX-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17\n',
    );
  });

  it.each(['scanrelay', 'stripe'])(
    '%s: what sign prints verifies with either rotated secret; a changed body does not',
    async (scheme) => {
      const body = file(`${scheme}.json`, '{"scanId":"s-9","critical":1}');
      const signed = await runCli(
        ['webhook', 'sign', '--scheme', scheme, '--secret', 'new', '--secret', 'old', '--body', body],
        { env },
      );
      expect(signed.code).toBe(0);
      const verifyArgs = [
        'webhook',
        'verify',
        '--scheme',
        scheme,
        '--secret',
        'old',
        ...headerArgs(signed.stdout),
      ];
      const ok = await runCli([...verifyArgs, '--body', body], { env });
      expect(ok.code).toBe(0);
      const expectedId = scheme === 'scanrelay' ? /^msg_[0-9a-f]{32}\n$/ : /^sha256:[0-9a-f]{64}\n$/;
      expect(ok.stdout).toMatch(expectedId);
      const tampered = await runCli(
        [...verifyArgs, '--body', file(`${scheme}-2.json`, '{"scanId":"s-9","critical":0}')],
        { env },
      );
      expect(tampered.code).toBe(1);
      expect(tampered.stderr).toMatch(/invalid: signature_mismatch/);
    },
  );

  it('verify says which header is missing', async () => {
    const res = await runCli(['webhook', 'verify', '--scheme', 'github', '--secret', 's', '--body', '-'], {
      env,
      input: '{}',
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/invalid: header_missing: the x-hub-signature-256 header is missing/);
  });

  it.each([
    [
      'an unknown scheme',
      ['webhook', 'sign', '--scheme', 'svix', '--secret', 's', '--body', '-'],
      /--scheme: expected one of/,
    ],
    ['no secret', ['webhook', 'sign', '--body', '-'], /a secret is needed/],
    [
      'a header without a colon',
      ['webhook', 'verify', '--secret', 's', '--header', 'nocolon', '--body', '-'],
      /--header: expected "Name: value"/,
    ],
    [
      'a Standard secret that is not base64',
      ['webhook', 'sign', '--scheme', 'standard', '--secret', 'whsec_no!', '--body', '-'],
      /not base64/,
    ],
    [
      'a missing body file',
      ['webhook', 'sign', '--secret', 's', '--body', path.join(tmp.dir, 'absent.json')],
      /--body: cannot read/,
    ],
  ])('exits 2 for %s', async (_name, args, message) => {
    const res = await runCli(args, { env, input: '{}' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  });
});
