import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, repoRoot } from '@scanrelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installConsumer,
  type PublishablePackage,
  packAll,
  publishablePackages,
  readManifest,
  runNode,
  tscBin,
} from './packed-packages.js';

const license = readFileSync(path.join(repoRoot, 'LICENSE'), 'utf8');
const packages = publishablePackages();
const temp = makeTempDir('scanrelay-pack-');
const project = path.join(temp.dir, 'consumer');

/** Every import specifier a package offers: `name` and its subpaths (not the JSON file patterns). */
function specifiers(p: PublishablePackage): string[] {
  return Object.keys(readManifest(p.dir).exports ?? { '.': '' })
    .filter((k) => !k.includes('*'))
    .map((k) => (k === '.' ? p.name : `${p.name}/${k.slice(2)}`));
}

beforeAll(async () => {
  const tarballs = await packAll(packages, temp.dir);
  mkdirSync(project);
  await installConsumer(project, [...tarballs.values()], ['@types/node@^20.19.0']);
}, 600_000);

afterAll(() => temp.cleanup());

describe('the publishable packages', () => {
  it('are the packages and apps changesets publishes, each shipping the LICENSE with a default export condition', () => {
    expect(packages.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        '@scanrelay/findings-schema',
        '@scanrelay/queue',
        '@scanrelay/api',
        'scanrelay',
      ]),
    );
    expect(readFileSync(path.join(repoRoot, 'LICENSE'), 'utf8')).toMatch(
      /Apache License\s+Version 2\.0, January 2004/,
    );
    for (const p of packages) {
      const manifest = readManifest(p.dir) as {
        license?: string;
        files?: string[];
        exports?: Record<string, unknown>;
      };
      expect(manifest.license, p.name).toBe('Apache-2.0');
      expect(manifest.files, p.name).toContain('LICENSE');
      for (const [sub, conditions] of Object.entries(manifest.exports ?? {})) {
        if (typeof conditions === 'string') continue;
        const keys = Object.keys(conditions as object);
        expect(keys[0], `${p.name} ${sub}: the source condition comes first`).toBe('@scanrelay/source');
        expect(keys.at(-1), `${p.name} ${sub}: default comes last`).toBe('default');
      }
    }
  });

  it('install from their tarballs: versions instead of workspace:^, the LICENSE, no copy from the registry', () => {
    for (const p of packages) {
      const installed = path.join(project, 'node_modules', p.name);
      const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
        version: string;
        dependencies?: Record<string, string>;
      };
      expect(manifest.version, p.name).toBe(p.version);
      expect(Object.values(manifest.dependencies ?? {}).filter((v) => v.startsWith('workspace:'))).toEqual(
        [],
      );
      expect(readFileSync(path.join(installed, 'LICENSE'), 'utf8'), `${p.name} LICENSE`).toBe(license);
      // A nested @scanrelay/* would be a copy npm fetched from the registry instead of the tarball.
      expect(existsSync(path.join(installed, 'node_modules/@scanrelay')), p.name).toBe(false);
    }
  });

  it('import from a plain .mjs file: every entry and subpath has named exports', async () => {
    const specs = packages.flatMap(specifiers);
    const lines = specs.map((s, i) => `import * as m${i} from '${s}';`);
    lines.push(
      `console.log(JSON.stringify({ ${specs.map((s, i) => `'${s}': Object.keys(m${i}).length`).join(', ')} }));`,
    );
    writeFileSync(path.join(project, 'import-all.mjs'), `${lines.join('\n')}\n`);
    const { stdout } = await runNode(['import-all.mjs'], project);
    const counts = JSON.parse(stdout) as Record<string, number>;
    expect(Object.keys(counts).sort()).toEqual([...specs].sort());
    for (const s of specs) expect(counts[s], s).toBeGreaterThan(0);
  });

  it('type-check from a strict TypeScript file (module nodenext, declarations checked too)', async () => {
    const specs = packages.flatMap(specifiers);
    const lines = specs.map((s, i) => `import * as m${i} from '${s}';`);
    lines.push(
      `export const modules = [${specs.map((_, i) => `m${i}`).join(', ')}] as const;`,
      `import { createFinding } from '@scanrelay/findings-schema';`,
      `import { createQueue } from '@scanrelay/queue';`,
      `export const severity: 'critical' | 'high' | 'medium' | 'low' | 'info' | undefined = createFinding({ tool: { id: 't', name: 'T' }, ruleId: 'r', name: 'n', severity: 'high', category: 'SCA' }).severity;`,
      // The types are real, not `any`: misuse must be an error.
      `// @ts-expect-error a queue needs a driver`,
      `export const broken = () => createQueue({});`,
    );
    writeFileSync(path.join(project, 'consumer.ts'), `${lines.join('\n')}\n`);
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          types: ['node'],
          noEmit: true,
          skipLibCheck: false,
        },
        files: ['consumer.ts'],
      }),
    );
    const result = await runNode([tscBin, '-p', 'tsconfig.json', '--pretty', 'false'], project).catch(
      (e: { stdout?: string }) => ({ stdout: e.stdout ?? String(e), stderr: '' }),
    );
    // Errors inside third-party declarations are theirs; ours and the consumer's must be none.
    const ours = result.stdout
      .split('\n')
      .filter((l) => /error TS/.test(l))
      .filter((l) => l.startsWith('consumer.ts') || /node_modules\/(@scanrelay\/|scanrelay\/)/.test(l));
    expect(ours).toEqual([]);
  });

  it('load with require() on Node >= 20.19 (the default export condition)', async () => {
    writeFileSync(
      path.join(project, 'require.cjs'),
      [
        `const schema = require('@scanrelay/findings-schema');`,
        `const webhooks = require('@scanrelay/hmac-webhooks');`,
        `console.log(typeof schema.createFinding, typeof webhooks.verify);`,
      ].join('\n'),
    );
    const { stdout } = await runNode(['require.cjs'], project);
    expect(stdout.trim()).toBe('function function');
  });

  it('install the scanrelay command', async () => {
    const { stdout } = await runNode(
      [path.join(project, 'node_modules/scanrelay/dist/bin.js'), '--help'],
      project,
    );
    expect(stdout).toMatch(/Usage: scanrelay/);
  });
});
