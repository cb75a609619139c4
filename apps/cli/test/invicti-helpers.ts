import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Every variable the invicti command reads, blanked so the developer's own environment cannot leak in. */
export const CLEAN_ENV: NodeJS.ProcessEnv = Object.fromEntries(
  [
    'SCB_ACTION',
    'SCB_SCANNER__FIREANDFORGET',
    'SCB_INVICTI__URL',
    'SCB_INVICTI__APIKEY',
    'SCB_INVICTI__USERID',
    'SCB_SCANNER__OUTPUTPATH',
    'SCB_SCAN__ID',
    'SCB_SCAN__TARGETURI',
    'SCB_SCAN__PROFILENAME',
    'SCANRELAY_INVICTI_URL',
    'SCANRELAY_INVICTI_USER_ID',
    'SCANRELAY_INVICTI_API_TOKEN',
    'INVICTI_URL',
    'INVICTI_USER_ID',
    'INVICTI_API_TOKEN',
    'GITHUB_OUTPUT',
  ].map((k) => [k, '']),
);

// biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary JSON written by the CLI
export function readJson(dir: string, file: string): any {
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
}

/** Resolves once the child's stderr contains `text` (the child keeps running). */
export function stderrContains(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer | string) => {
      seen += d.toString();
      if (seen.includes(text)) {
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('close', () =>
      reject(new Error(`the CLI exited before printing ${JSON.stringify(text)}; stderr: ${seen}`)),
    );
  });
}
