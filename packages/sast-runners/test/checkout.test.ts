import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { makeTempDir } from '@scanrelay/test-utils';
import { createGitHttpServer, type GitHttpServer } from '@scanrelay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutRepository } from '../src/checkout/checkout-repository.js';
import { isSastError } from '../src/sast-error.js';

const loopback = { allowPrivateUrls: true, allowHttp: true };
const { dir: tmp, cleanup } = makeTempDir('scanrelay-checkout-');
let n = 0;
const nextDir = () => path.join(tmp, `c${++n}`);

let server: GitHttpServer;
let first: string;
let second: string;

beforeAll(async () => {
  server = await createGitHttpServer();
  first = await server.commit({ 'README.md': '# one\n', 'src/app.js': 'console.log(1);\n' }, 'first');
  await server.tag('v1.0.0');
  second = await server.commit({ 'README.md': '# two\n' }, 'second');
});
afterAll(async () => {
  await server.close();
  cleanup();
});

async function refusal(promise: Promise<unknown>): Promise<{ code: string; detail: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSastError(error)) throw new Error(`expected a SastError, got ${String(error)}`);
  return { code: error.code, detail: error.detail };
}

describe('checkoutRepository over smart HTTP on loopback', () => {
  it('checks out the default branch at the served HEAD, and a later push does not change it', async () => {
    const dir = nextDir();
    const checkout = await checkoutRepository({ repoUrl: server.repoUrl, dir, policy: loopback });
    expect(checkout).toEqual({ dir, commitSha: second });
    expect(checkout.commitSha).toBe(await server.head());
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# two\n');

    const third = await server.commit({ 'README.md': '# three\n' }, 'third');
    expect(await server.head()).toBe(third);
    expect(checkout.commitSha).toBe(second);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# two\n');
  });

  it('checks out a tag and a 40-hex commit', async () => {
    const tagged = await checkoutRepository({
      repoUrl: server.repoUrl,
      ref: 'v1.0.0',
      dir: nextDir(),
      policy: loopback,
    });
    expect(tagged.commitSha).toBe(first);
    expect(readFileSync(path.join(tagged.dir, 'README.md'), 'utf8')).toBe('# one\n');
    const pinned = await checkoutRepository({
      repoUrl: server.repoUrl,
      ref: first,
      dir: nextDir(),
      policy: loopback,
    });
    expect(pinned.commitSha).toBe(first);
    expect(existsSync(path.join(pinned.dir, 'src/app.js'))).toBe(true);
  });

  it("fails with git's reason for a ref the repository does not have", async () => {
    const error = await refusal(
      checkoutRepository({
        repoUrl: server.repoUrl,
        ref: 'no-such-branch',
        dir: nextDir(),
        policy: loopback,
      }),
    );
    expect(error.code).toBe('checkout_failed');
    expect(error.detail).toContain("couldn't find remote ref no-such-branch");
  });

  it('refuses a repository larger than the cap', async () => {
    const big = await createGitHttpServer({ name: 'big' });
    try {
      await big.commit({ 'blob.bin': randomBytes(512 * 1024) }, 'big');
      const error = await refusal(
        checkoutRepository({ repoUrl: big.repoUrl, dir: nextDir(), policy: loopback, maxBytes: 64 * 1024 }),
      );
      expect(error).toEqual({
        code: 'checkout_too_large',
        detail: `${big.repoUrl} is larger than the cap of 65536 bytes`,
      });
    } finally {
      await big.close();
    }
  });

  it('also clones from a dumb HTTP server (whole, as it cannot clone shallow)', async () => {
    const dumb = await createGitHttpServer({ name: 'dumb', protocol: 'dumb' });
    try {
      const sha = await dumb.commit({ 'a.sh': 'echo hi\n' });
      const checkout = await checkoutRepository({ repoUrl: dumb.repoUrl, dir: nextDir(), policy: loopback });
      expect(checkout.commitSha).toBe(sha);
      expect(dumb.requests).toContain('/dumb.git/info/refs');
    } finally {
      await dumb.close();
    }
  });
});

describe('checkoutRepository time limit', () => {
  let silent: Server;
  let url: string;
  beforeAll(async () => {
    silent = createServer(() => undefined); // accepts and never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hang.git`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('stops git at the limit', async () => {
    const error = await refusal(
      checkoutRepository({ repoUrl: url, dir: nextDir(), policy: loopback, timeoutMs: 1_000 }),
    );
    expect(error).toEqual({
      code: 'checkout_timeout',
      detail: `checkout of ${url} took longer than its time limit`,
    });
  });
});

describe('checkoutRepository refuses before git runs', () => {
  const publicLookup = async () => [{ address: '93.184.216.34', family: 4 }];

  it.each([
    [
      'credentials in the URL',
      'https://user:hunter2@example.com/r.git',
      'credentials in the URL are refused',
    ],
    ['a token in the URL', 'https://ghp_abc123@example.com/r.git', 'credentials in the URL are refused'],
    ['file://', 'file:///etc/passwd', 'expected an https URL, got file'],
    ['ext::', 'ext::sh%20-c%20touch%20/tmp/pwned', 'remote-helper transports'],
    ['an option as URL', '--upload-pack=touch /tmp/pwned', 'starts with "-"'],
    ['http without the private-URL setting', 'http://example.com/r.git', 'expected an https URL, got http'],
    ['ssh', 'ssh://git@example.com/r.git', 'expected an https URL, got ssh'],
    ['scp-like syntax', 'git@example.com:owner/r.git', 'expected an absolute URL'],
  ])('%s', async (_name, repoUrl, reason) => {
    const error = await refusal(
      checkoutRepository({ repoUrl, dir: nextDir(), policy: {}, lookup: publicLookup }),
    );
    expect(error.code).toBe('invalid_repo_url');
    expect(error.detail).toContain(reason);
    expect(error.detail).not.toContain('hunter2');
    expect(error.detail).not.toContain('ghp_abc123');
  });

  it.each([
    ['loopback', 'https://127.0.0.1/r.git', '127.0.0.1 is a private or special address'],
    ['localhost', 'https://localhost/r.git', 'localhost names the local host'],
    [
      'link-local (cloud metadata)',
      'https://169.254.169.254/latest',
      '169.254.169.254 is a private or special address',
    ],
    ['private', 'https://10.1.2.3/r.git', '10.1.2.3 is a private or special address'],
    ['IPv6 link-local', 'https://[fe80::1]/r.git', 'is a private or special address'],
  ])('a %s host unless private URLs are allowed', async (_name, repoUrl, reason) => {
    const error = await refusal(checkoutRepository({ repoUrl, dir: nextDir(), policy: {} }));
    expect(error.code).toBe('invalid_repo_url');
    expect(error.detail).toContain(reason);
  });

  it('a host name that resolves to a private address', async () => {
    const error = await refusal(
      checkoutRepository({
        repoUrl: 'https://git.example.com/r.git',
        dir: nextDir(),
        policy: {},
        lookup: async () => [{ address: '192.168.1.10', family: 4 }],
      }),
    );
    expect(error).toMatchObject({ code: 'invalid_repo_url' });
    expect(error.detail).toContain('git.example.com resolves to 192.168.1.10');
  });

  it.each([
    ['--upload-pack=touch /tmp/pwned', 'starts with "-"'],
    ['-b', 'starts with "-"'],
    ['main;rm -rf /', 'only letters'],
    ['a..b', 'contains ".."'],
    ['refs/heads/x.lock', 'ends with'],
    ['', 'empty'],
    ['$(id)', 'only letters'],
  ])('the ref %j', async (ref, reason) => {
    const before = server.requests.length;
    const error = await refusal(
      checkoutRepository({ repoUrl: server.repoUrl, ref, dir: nextDir(), policy: loopback }),
    );
    expect(error.code).toBe('invalid_ref');
    expect(error.detail).toContain(reason);
    expect(server.requests.length).toBe(before);
  });
});
