import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '@scanrelay/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

describe('loadConfig', () => {
  const dirs: (() => void)[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d();
  });
  function dirWith(yaml?: string): string {
    const { dir, cleanup } = makeTempDir('scanrelay-config-');
    dirs.push(cleanup);
    if (yaml !== undefined) writeFileSync(path.join(dir, 'scanrelay.config.yaml'), yaml);
    return dir;
  }

  it('has defaults: port 8787, ./data, the local API', async () => {
    const { config, file } = await loadConfig({ cwd: dirWith(), env: {} });
    expect(file).toBeUndefined();
    expect(config.server).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      dataDir: './data',
      workerConcurrency: 2,
    });
    expect(config.apiUrl).toBe('http://127.0.0.1:8787');
    expect(config.webhooks.invicti).toMatchObject({ mode: 'worker', tokens: [] });
  });

  it('layers file < environment < flags', async () => {
    const cwd = dirWith(
      'server:\n  port: 9000\n  dataDir: /srv/scanrelay\napiUrl: https://scanrelay.example\n',
    );
    const fileOnly = await loadConfig({ cwd, env: {} });
    expect(fileOnly.config.server).toMatchObject({ port: 9000, dataDir: '/srv/scanrelay' });
    expect(fileOnly.config.apiUrl).toBe('https://scanrelay.example');
    const withEnv = await loadConfig({
      cwd,
      env: { SCANRELAY_PORT: '9100', SCANRELAY_API_KEY: 'sr_abc', REDIS_URL: 'redis://127.0.0.1:6379' },
    });
    expect(withEnv.config.server.port).toBe(9100);
    expect(withEnv.config.server.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(withEnv.config.apiKey).toBe('sr_abc');
    expect(withEnv.origins.get('server.port')).toBe('environment SCANRELAY_PORT');
    const withFlags = await loadConfig({
      cwd,
      env: { SCANRELAY_PORT: '9100' },
      flags: { 'server.port': '9200', 'server.host': undefined },
    });
    expect(withFlags.config.server.port).toBe(9200);
    expect(withFlags.config.server.host).toBe('127.0.0.1');
  });

  it('splits comma-separated webhook tokens from the environment', async () => {
    const { config } = await loadConfig({
      cwd: dirWith(),
      env: { SCANRELAY_INVICTI_WEBHOOK_TOKENS: 'aaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbb' },
    });
    expect(config.webhooks.invicti.tokens).toEqual(['aaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbb']);
  });

  it('reads outbound.allowPrivateUrls and allowHttp as booleans, off by default', async () => {
    const off = await loadConfig({ cwd: dirWith(), env: {} });
    expect(off.config.outbound).toEqual({ allowPrivateUrls: false, allowHttp: false });
    const on = await loadConfig({
      cwd: dirWith(),
      env: { SCANRELAY_ALLOW_PRIVATE_URLS: 'true', SCANRELAY_ALLOW_HTTP_URLS: '1' },
    });
    expect(on.config.outbound).toEqual({ allowPrivateUrls: true, allowHttp: true });
    const no = await loadConfig({ cwd: dirWith(), env: { SCANRELAY_ALLOW_PRIVATE_URLS: 'false' } });
    expect(no.config.outbound.allowPrivateUrls).toBe(false);
    const file = await loadConfig({ cwd: dirWith('outbound:\n  allowPrivateUrls: true\n'), env: {} });
    expect(file.config.outbound.allowPrivateUrls).toBe(true);
    await expect(
      loadConfig({ cwd: dirWith(), env: { SCANRELAY_ALLOW_PRIVATE_URLS: 'maybe' } }),
    ).rejects.toThrow(/outbound\.allowPrivateUrls \(from environment SCANRELAY_ALLOW_PRIVATE_URLS\)/);
  });

  it('names the setting and where a bad value came from', async () => {
    await expect(loadConfig({ cwd: dirWith(), env: { SCANRELAY_PORT: 'eighty' } })).rejects.toThrow(
      /server\.port \(from environment SCANRELAY_PORT\)/,
    );
    await expect(loadConfig({ cwd: dirWith('server:\n  logLevel: loud\n'), env: {} })).rejects.toThrow(
      /server\.logLevel \(from scanrelay\.config\.yaml\)/,
    );
    await expect(loadConfig({ cwd: dirWith(), env: {}, flags: { 'server.port': '70000' } })).rejects.toThrow(
      /server\.port \(from --port\)/,
    );
    await expect(loadConfig({ cwd: dirWith('server:\n  prot: 1\n'), env: {} })).rejects.toThrow(
      /unknown setting "server\.prot" \(in scanrelay\.config\.yaml\)/,
    );
  });

  it('never echoes a secret and says which token is too short', async () => {
    const err = await loadConfig({
      cwd: dirWith(),
      env: { SCANRELAY_INVICTI_WEBHOOK_TOKENS: 'short-secret' },
    }).catch((e: Error) => e);
    expect(String(err)).toMatch(
      /webhooks\.invicti\.tokens\.0 \(from environment SCANRELAY_INVICTI_WEBHOOK_TOKENS\)/,
    );
    expect(String(err)).not.toContain('short-secret');
  });

  it('reports a missing --config file and broken YAML with its line', async () => {
    const cwd = dirWith();
    await expect(loadConfig({ cwd, env: {}, configPath: 'nope.yaml' })).rejects.toThrow(
      /cannot read .*nope\.yaml: ENOENT/,
    );
    await expect(loadConfig({ cwd: dirWith('server:\n  port: [1\n'), env: {} })).rejects.toThrow(
      /not valid YAML at line \d/,
    );
  });
});
