import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_SETTINGS } from './config-schema.js';
import { describeSettings, renderConfigDocs } from './render-config-docs.js';

const DOCS = fileURLToPath(new URL('../../../../docs/configuration.md', import.meta.url));

describe('docs/configuration.md', () => {
  it('is what the generator writes (run `npm run docs:config` in apps/cli after changing a setting)', () => {
    expect(readFileSync(DOCS, 'utf8')).toBe(renderConfigDocs());
  });

  it('describes every setting, and every environment variable fills a real setting', () => {
    const settings = describeSettings().flatMap((g) => g.settings);
    expect(settings.filter((s) => !s.description).map((s) => s.path)).toEqual([]);
    const paths = new Set(settings.map((s) => s.path));
    expect(Object.values(ENV_SETTINGS).filter((p) => !paths.has(p))).toEqual([]);
  });

  it('documents the webhook, database and queue settings with their variables and defaults', () => {
    const byPath = new Map(
      describeSettings()
        .flatMap((g) => g.settings)
        .map((s) => [s.path, s]),
    );
    expect(byPath.get('webhooks.invicti.mode')).toMatchObject({
      env: 'SCANRELAY_INVICTI_WEBHOOK_MODE',
      default: 'worker',
      type: '`worker` \\| `workflow`',
    });
    expect(byPath.get('server.databaseSchema')).toMatchObject({ env: 'SCANRELAY_DATABASE_SCHEMA' });
    expect(byPath.get('server.queuePrefix')).toMatchObject({ default: 'scanrelay' });
    expect(byPath.get('outbound.allowPrivateUrls')).toMatchObject({
      env: 'SCANRELAY_ALLOW_PRIVATE_URLS',
      default: false,
      type: 'boolean (`true`/`false`)',
    });
  });
});
