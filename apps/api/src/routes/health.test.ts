import { readFileSync } from 'node:fs';
import type { Queue } from '@scanrelay/queue';
import type { Store } from '@scanrelay/storage';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../build-app.js';

const packageVersion = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('the version the API reports', () => {
  it("is apps/api/package.json's, in health, the OpenAPI document and the docs page", async () => {
    const store = { ping: async () => true, dialect: 'sqlite' } as unknown as Store;
    const queue = { ping: async () => true, driver: 'sqlite' } as unknown as Queue;
    const { app } = buildApp({ store, queue, config: { dataDir: '/nonexistent' } });
    const health = await app.request('/api/v1/health');
    expect(health.status).toBe(200);
    expect(((await health.json()) as { version: string }).version).toBe(packageVersion);
    const doc = (await (await app.request('/openapi.json')).json()) as { info: { version: string } };
    expect(doc.info.version).toBe(packageVersion);
    expect(await (await app.request('/docs')).text()).toContain(`<h1>scanrelay API ${packageVersion}</h1>`);
  });
});
