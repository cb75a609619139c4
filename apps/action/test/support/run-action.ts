import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, repoRoot } from '@scanrelay/test-utils';

/** The committed bundle: what a workflow's `uses: ./apps/action` runs. */
export const DIST = path.join(repoRoot, 'apps/action/dist/index.js');

interface Annotation {
  level: 'error' | 'warning' | 'notice';
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** What the step wrote to GITHUB_OUTPUT, by name. */
  outputs: Record<string, string>;
  /** What the step wrote to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** The `::error` / `::warning` / `::notice` workflow commands, in order. */
  annotations: Annotation[];
  /** The values `::add-mask::` masked. */
  masks: string[];
}

/** The runner's escaping of command data and properties, undone. */
const unescapeCommand = (text: string) =>
  text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');

/** `name<<delimiter\nvalue\ndelimiter` entries, as @actions/core writes the file commands. */
function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const entry = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(entry)) out[m[1] as string] = m[3] as string;
  return out;
}

function parseCommands(stdout: string): Pick<ActionRun, 'annotations' | 'masks'> {
  const annotations: Annotation[] = [];
  const masks: string[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice|add-mask)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'add-mask') {
      masks.push(unescapeCommand(m[3] ?? ''));
      continue;
    }
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const at = pair.indexOf('=');
      properties[pair.slice(0, at)] = unescapeCommand(pair.slice(at + 1));
    }
    annotations.push({
      level: m[1] as Annotation['level'],
      properties,
      message: unescapeCommand(m[3] ?? ''),
    });
  }
  return { annotations, masks };
}

/**
 * Runs the bundled Action as the runner does: `node dist/index.js` in the workspace, the inputs as
 * `INPUT_<NAME>` variables, fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the event payload at
 * GITHUB_EVENT_PATH, and no other variable of this process but PATH and HOME (plus `env`).
 */
export async function runBundledAction(
  inputs: Record<string, string>,
  opts: { workspace: string; env?: Record<string, string>; event?: unknown } = { workspace: repoRoot },
): Promise<ActionRun> {
  const files = makeTempDir('scanrelay-action-run-');
  try {
    const output = path.join(files.dir, 'output');
    const summary = path.join(files.dir, 'summary');
    const event = path.join(files.dir, 'event.json');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    writeFileSync(event, JSON.stringify(opts.event ?? { inputs: {} }));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? files.dir,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_WORKSPACE: opts.workspace,
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_EVENT_PATH: event,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: files.dir,
      ...opts.env,
    };
    for (const [name, value] of Object.entries(inputs))
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    const child = spawn(process.execPath, [DIST], {
      cwd: opts.workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return {
      code,
      stdout,
      stderr,
      outputs: parseFileCommands(readFileSync(output, 'utf8')),
      summary: readFileSync(summary, 'utf8'),
      ...parseCommands(stdout),
    };
  } finally {
    files.cleanup();
  }
}
