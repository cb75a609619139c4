import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SAST_PROVIDERS } from '@scanrelay/sast-runners';
import { makeTempDir, repoRoot } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'continue-on-error'?: boolean;
}
interface Job {
  needs?: string;
  outputs?: Record<string, string>;
  strategy?: { 'fail-fast': boolean; matrix: { provider: string | string[] } };
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: {
    repository_dispatch: { types: string[] };
    workflow_dispatch: { inputs: Record<string, { required: boolean; type: string }> };
  };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

/** A GitHub Actions expression as the workflow spells it. */
const gh = (expression: string) => `\${{ ${expression} }}`;
/** A payload value, from repository_dispatch's client_payload or workflow_dispatch's inputs. */
const payload = (key: string) => gh(`github.event.client_payload.${key} || inputs.${key}`);

const file = path.join(repoRoot, '.github/workflows/external-scan.yml');
const text = readFileSync(file, 'utf8');
const workflow = parse(text) as Workflow;
const job = workflow.jobs.scan;
const plan = workflow.jobs.plan;
if (!job || !plan) throw new Error('external-scan.yml: expected the jobs "plan" and "scan"');
const steps = job.steps;
const scanStep = steps.find((s) => s.uses === './apps/action');
const planStep = plan.steps.find((s) => s.id === 'plan');
if (!planStep?.run || !planStep.env)
  throw new Error('external-scan.yml: expected the plan step with env and run');
const words = (list: string | undefined) => (list ?? '').split(/\s+/).filter(Boolean);

const tmp = makeTempDir('scanrelay-workflow-plan-');
afterAll(() => tmp.cleanup());
let runs = 0;

/** Runs the plan step's script as the runner would (bash -e, env only) and reads its output file. */
function runPlan(requested: string): { code: number; providers?: string[] } {
  const output = path.join(tmp.dir, `output-${++runs}`);
  const env = { PATH: process.env.PATH ?? '', ...planStep?.env, REQUESTED: requested, GITHUB_OUTPUT: output };
  try {
    execFileSync('bash', ['-e', '-c', planStep?.run ?? 'exit 2'], { env, stdio: 'pipe' });
  } catch (err) {
    return { code: (err as { status?: number }).status ?? -1 };
  }
  const written = existsSync(output) ? readFileSync(output, 'utf8') : '';
  const match = /^providers=(.*)$/m.exec(written);
  return { code: 0, providers: match ? (JSON.parse(match[1] ?? '') as string[]) : undefined };
}

describe('.github/workflows/external-scan.yml', () => {
  it('starts on repository_dispatch external-scan or workflow_dispatch, with read-only permissions', () => {
    expect(workflow.on.repository_dispatch.types).toEqual(['external-scan']);
    // The dispatcher's keys: GitHub refuses a workflow_dispatch with an input the workflow does not declare.
    expect(Object.keys(workflow.on.workflow_dispatch.inputs).sort()).toEqual(
      ['callback_url', 'correlation_id', 'project', 'provider', 'ref', 'repo_url', 'scan_id'].sort(),
    );
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('builds the matrix from the plan: one provider when the payload names it, all when it does not', () => {
    expect(job.needs).toBe('plan');
    expect(job.strategy?.['fail-fast']).toBe(false);
    expect(job.strategy?.matrix.provider).toBe(gh('fromJSON(needs.plan.outputs.providers)'));
    expect(plan.outputs).toEqual({ providers: gh('steps.plan.outputs.providers') });
    expect(planStep.env?.REQUESTED).toBe(payload('provider'));
    expect(words(planStep.env?.KNOWN_PROVIDERS).sort()).toEqual([...SAST_PROVIDERS].sort());
    const all = ['patterns', 'bandit', 'shellcheck', 'cppcheck', 'flawfinder', 'eslint', 'secretlint'];
    expect(runPlan('')).toEqual({ code: 0, providers: all });
    expect(runPlan('semgrep')).toEqual({ code: 0, providers: ['semgrep'] });
    expect(runPlan('patterns')).toEqual({ code: 0, providers: ['patterns'] });
  });

  it('refuses a provider it does not know, and never lets the payload shape the JSON', () => {
    for (const hostile of [
      'nope',
      'patterns","evil',
      'patterns bandit',
      '$(touch pwned)',
      '*',
      'patterns\n',
    ]) {
      expect(runPlan(hostile), JSON.stringify(hostile)).toEqual({ code: 1 });
    }
    expect(existsSync(path.join(tmp.dir, 'pwned'))).toBe(false);
  });

  it('never interpolates an expression into a run script: payload values come through env', () => {
    for (const step of [...steps, ...plan.steps])
      if (step.run) expect(step.run, step.name).not.toMatch(/\$\{\{/);
    expect(job.env).toMatchObject({
      PROJECT: payload('project'),
      REPO_URL: payload('repo_url'),
      REF: payload('ref'),
      CALLBACK_URL: payload('callback_url'),
      SCAN_ID: payload('scan_id'),
      PROVIDER: gh('matrix.provider'),
    });
  });

  it('runs the scanrelay Action of this repository at its own commit and always reports, signed with the repository secret', () => {
    expect(text).not.toMatch(/npx\s+(-y\s+)?scanrelay/);
    // The checkout (of this repository, at the workflow's commit) comes before the local Action.
    const checkout = steps.findIndex((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout).toBeGreaterThanOrEqual(0);
    expect(steps[checkout]?.with).toEqual({ 'persist-credentials': false });
    expect(steps.indexOf(scanStep as Step)).toBeGreaterThan(checkout);
    for (const step of [...steps, ...plan.steps])
      if (step.uses && !step.uses.startsWith('./'))
        expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    expect(scanStep?.if).toBe('always()');
    expect(scanStep?.with).toEqual({
      command: 'sast',
      provider: gh('env.PROVIDER'),
      'repo-url': gh('env.REPO_URL'),
      ref: gh('env.REF'),
      project: gh('env.PROJECT'),
      'scan-id': gh('env.SCAN_ID'),
      'callback-url': gh('env.CALLBACK_URL'),
      'callback-secret': gh('secrets.SCANRELAY_CALLBACK_SECRET'),
      'result-file': `result-${gh('matrix.provider')}.json`,
      'fail-on': 'none',
    });
    // The secret is only in the step that posts, never in a job's env where every step would see it.
    expect(JSON.stringify(job.env)).not.toContain('secrets.');
    expect(JSON.stringify(plan)).not.toContain('secrets.');
    for (const step of steps)
      if (step !== scanStep) expect(JSON.stringify(step), step.name).not.toContain('secrets.');
  });
});
