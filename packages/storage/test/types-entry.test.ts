import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** A module hook that refuses the database drivers and drizzle: importing any of them fails. */
const HOOK = `export async function resolve(specifier, context, next) {
  if (/^(better-sqlite3|pg|drizzle-orm)(\\/|$)/.test(specifier)) throw new Error('loaded ' + specifier);
  return next(specifier, context);
}`;

/** Imports `file` (TypeScript source, through tsx) in a fresh Node process with the hook on. */
async function importWithoutDrivers(file: string): Promise<{ ok: boolean; output: string }> {
  const script = `
    import { register } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));
    const mod = await import(${JSON.stringify(pathToFileURL(`${packageDir}${file}`).href)});
    console.log('exports', Object.keys(mod).sort().join(','));`;
  try {
    const { stdout } = await run(
      process.execPath,
      ['--conditions=@scanrelay/source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: packageDir, timeout: 60_000 },
    );
    return { ok: true, output: stdout };
  } catch (err) {
    return { ok: false, output: String((err as { stderr?: string }).stderr ?? err) };
  }
}

describe('@scanrelay/storage/types', () => {
  it('loads neither better-sqlite3, pg nor drizzle-orm', async () => {
    const r = await importWithoutDrivers('src/types.ts');
    expect(r.output).toContain(
      'exports API_KEY_SCOPES,FINDING_LOCATION_KINDS,FINDING_SEARCH_MAX,FINDING_SORTS,FINDING_STATUSES,' +
        'FORWARD_STATUSES,JOB_STATUSES,PROJECT_KINDS,TRIAGE_STATUSES,findingSearchColumns,uuidv7',
    );
    expect(r.ok).toBe(true);
  }, 60_000);

  it('is checked by a hook that does catch them (the main entry loads them)', async () => {
    const r = await importWithoutDrivers('src/index.ts');
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/loaded (better-sqlite3|pg|drizzle-orm)/);
  }, 60_000);
});
