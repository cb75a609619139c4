import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir, repoRoot } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_NAMES } from '../src/inputs.js';
import { DIST } from './support/run-action.js';

const run = promisify(execFile);
const actionDir = path.join(repoRoot, 'apps/action');
const tmp = makeTempDir('scanrelay-action-bundle-');
afterAll(() => tmp.cleanup());

interface ActionYml {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}
const actionYml = parse(readFileSync(path.join(actionDir, 'action.yml'), 'utf8')) as ActionYml;

describe('apps/action dist', () => {
  it('is the bundle the sources build today (rebuild with `pnpm --filter @scanrelay/action build`)', async () => {
    const fresh = path.join(tmp.dir, 'index.js');
    await run(process.execPath, [path.join(actionDir, 'build.mjs'), fresh], { cwd: actionDir });
    const committed = readFileSync(DIST, 'utf8');
    const rebuilt = readFileSync(fresh, 'utf8');
    // One assertion on the whole text would print megabytes: say where they part.
    const at = [...rebuilt].findIndex((ch, i) => committed[i] !== ch);
    expect(
      committed.length === rebuilt.length && at === -1
        ? 'same'
        : `differs from character ${at}: ${rebuilt.slice(Math.max(0, at - 80), at + 80)}`,
    ).toBe('same');
  });

  it('runs as action.yml says: node24, dist/index.js, one ES module with no import outside Node', () => {
    expect(actionYml.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    const text = readFileSync(DIST, 'utf8');
    const imports = [...text.matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const specifier of imports) expect(specifier).toMatch(/^node:|^[a-z_]+$/);
  });

  it('declares every input the Action reads and nothing else, and the outputs it sets', () => {
    expect(Object.keys(actionYml.inputs).sort()).toEqual([...INPUT_NAMES].sort());
    expect(actionYml.inputs.command?.required).toBe(true);
    expect(Object.keys(actionYml.outputs).sort()).toEqual(
      [
        'job-id',
        'scan-id',
        'verdict',
        'counts',
        'critical',
        'high',
        'medium',
        'low',
        'info',
        'sarif-path',
      ].sort(),
    );
  });
});
