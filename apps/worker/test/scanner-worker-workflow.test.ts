import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  'continue-on-error'?: boolean;
}
interface Workflow {
  on: { repository_dispatch: { types: string[] } };
  permissions: Record<string, string>;
  jobs: Record<
    string,
    {
      strategy: { 'fail-fast': boolean; matrix: { provider: string[] } };
      env: Record<string, string>;
      steps: Step[];
    }
  >;
}

/** A GitHub Actions expression as the workflow spells it. */
const gh = (expression: string) => `\${{ ${expression} }}`;

const file = path.join(repoRoot, '.github/workflows/external-scan.yml');
const text = readFileSync(file, 'utf8');
const workflow = parse(text) as Workflow;
const job = workflow.jobs.scan;
if (!job) throw new Error('external-scan.yml: expected a job named "scan"');
const steps = job.steps;
const scanStep = steps.find((s) => s.run?.includes('apps/cli/dist/bin.js'));

describe('.github/workflows/external-scan.yml', () => {
  it('starts on repository_dispatch external-scan with read-only permissions', () => {
    expect(workflow.on.repository_dispatch.types).toEqual(['external-scan']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('scans every installable provider in a matrix that does not stop at the first failure', () => {
    expect(job.strategy['fail-fast']).toBe(false);
    expect(job.strategy.matrix.provider).toEqual(
      expect.arrayContaining([
        'patterns',
        'bandit',
        'shellcheck',
        'cppcheck',
        'flawfinder',
        'eslint',
        'secretlint',
      ]),
    );
  });

  it('never interpolates an expression into a run script: payload values come through env', () => {
    for (const step of steps) if (step.run) expect(step.run, step.name).not.toMatch(/\$\{\{/);
    expect(job.env).toMatchObject({
      PROJECT: gh('github.event.client_payload.project'),
      REPO_URL: gh('github.event.client_payload.repo_url'),
      REF: gh('github.event.client_payload.ref'),
      CALLBACK_URL: gh('github.event.client_payload.callback_url'),
      SCAN_ID: gh('github.event.client_payload.scan_id'),
      PROVIDER: gh('matrix.provider'),
    });
  });

  it('runs the CLI built from this repository and always reports, signed with the repository secret', () => {
    expect(text).not.toMatch(/npx\s+(-y\s+)?scanrelay/);
    expect(steps.some((s) => s.run?.includes('npx -y pnpm@10.34.8 install'))).toBe(true);
    expect(scanStep?.if).toBe('always()');
    expect(scanStep?.env).toEqual({ SCANRELAY_CALLBACK_SECRET: gh('secrets.SCANRELAY_CALLBACK_SECRET') });
    expect(scanStep?.run).toContain(
      '--callback-url "$CALLBACK_URL" --callback-secret-env SCANRELAY_CALLBACK_SECRET',
    );
    expect(scanStep?.run).toContain('--repo "$REPO_URL"');
    // The secret is only in the step that posts, never in the job's env where every step would see it.
    expect(JSON.stringify(job.env)).not.toContain('secrets.');
  });
});
