import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ValidationState } from '@action-validator/core';
import { makeTempDir, repoRoot } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const run = promisify(execFile);
/** A GitHub Actions expression as a workflow spells it. */
const gh = (expression: string) => `\${{ ${expression} }}`;
const require = createRequire(import.meta.url);
/** The CLI's script (its `bin`), run with this Node. */
const VALIDATOR = path.join(path.dirname(require.resolve('@action-validator/cli/package.json')), 'cli.mjs');
const workflowsDir = path.join(repoRoot, '.github/workflows');
const workflows = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));
const actionYml = path.join(repoRoot, 'apps/action/action.yml');
const tmp = makeTempDir('scanrelay-workflows-');
afterAll(() => tmp.cleanup());

interface Verdict {
  code: number;
  errors: ValidationState['errors'];
}

/** `action-validator <file>` (the npm CLI), its exit code and the errors it prints as JSON. */
async function validate(file: string): Promise<Verdict> {
  try {
    await run(process.execPath, [VALIDATOR, file], { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    return { code: 0, errors: [] };
  } catch (err) {
    const { code, stderr } = err as { code: number; stderr: string };
    const json = stderr.slice(stderr.indexOf('{'));
    return { code, errors: (JSON.parse(json) as ValidationState).errors };
  }
}

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
const stepsOf = (file: string): Step[] => {
  const doc = parse(readFileSync(path.join(workflowsDir, file), 'utf8')) as {
    jobs: Record<string, { steps: Step[] }>;
  };
  return Object.values(doc.jobs).flatMap((job) => job.steps);
};

describe('GitHub Actions files, checked with @action-validator/cli', () => {
  it('finds the workflows', () => {
    expect(workflows).toEqual(
      expect.arrayContaining(['ci.yml', 'external-scan.yml', 'fetch-invicti-results.yml', 'release.yml']),
    );
  });

  it.each(workflows)('%s is a valid workflow', async (file) => {
    expect(await validate(path.join(workflowsDir, file))).toEqual({ code: 0, errors: [] });
  });

  it('apps/action/action.yml is a valid action (node24 aside: the validator 0.6 schema predates it)', async () => {
    const text = readFileSync(actionYml, 'utf8');
    expect((parse(text) as { runs: unknown }).runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    // action-validator 0.6.0 (the latest) knows node12, node16 and node20 only: the one error it may
    // report on the file as written is that enum; with node20 in its place the file must be clean.
    const asIs = await validate(actionYml);
    const others = asIs.errors.filter(
      (e) =>
        !(
          'path' in e &&
          e.path === '/runs' &&
          JSON.stringify(e).includes('"path":"/runs/using","title":"Enum conditions are not met"')
        ),
    );
    expect(others).toEqual([]);
    const copy = path.join(tmp.dir, 'action.yml');
    writeFileSync(copy, text.replace(/^ {2}using: node24$/m, '  using: node20'));
    expect(await validate(copy)).toEqual({ code: 0, errors: [] });
  });

  it('reports a broken action and workflow (the validator is really consulted)', async () => {
    const action = path.join(tmp.dir, 'broken', 'action.yml');
    mkdirSync(path.dirname(action), { recursive: true });
    writeFileSync(action, 'name: x\ndescription: y\nruns:\n  using: node20\n');
    expect((await validate(action)).code).toBe(1);
    const workflow = path.join(tmp.dir, 'broken.yml');
    writeFileSync(workflow, 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    step: []\n');
    expect((await validate(workflow)).code).toBe(1);
  });

  it('pins every third-party action by commit sha', () => {
    for (const file of workflows)
      for (const step of stepsOf(file))
        if (step.uses && !step.uses.startsWith('./'))
          expect(step.uses, `${file}: ${step.name ?? step.uses}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  it('fetch-invicti-results.yml runs the Action of this repository at its commit, with secrets as inputs only', () => {
    const text = readFileSync(path.join(workflowsDir, 'fetch-invicti-results.yml'), 'utf8');
    expect(text).not.toMatch(/npx\s+(-y\s+|--yes\s+)?scanrelay/);
    const steps = stepsOf('fetch-invicti-results.yml');
    expect(steps[0]).toMatchObject({
      uses: expect.stringMatching(/^actions\/checkout@/),
      with: { 'persist-credentials': false },
    });
    const fetch = steps.find((s) => s.uses === './apps/action');
    expect(fetch?.with).toEqual({
      command: 'invicti-issues',
      'scan-id': gh('inputs.scan_id'),
      project: gh("inputs.project || 'invicti'"),
      'output-dir': 'out',
      format: 'scb',
      'fail-on': 'none',
      'invicti-url': gh('secrets.INVICTI_URL'),
      'invicti-user-id': gh('secrets.INVICTI_USER_ID'),
      'invicti-api-token': gh('secrets.INVICTI_API_TOKEN'),
      'api-url': gh('secrets.SCANRELAY_API_URL'),
      'api-key': gh('secrets.SCANRELAY_API_KEY'),
    });
    for (const step of steps) if (step.run) expect(step.run).not.toMatch(/\$\{\{/);
  });
});
