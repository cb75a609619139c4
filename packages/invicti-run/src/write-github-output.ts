import { appendFile } from 'node:fs/promises';

/** Tells a GitHub Actions step the scan id (`steps.<id>.outputs.scan-id`) when run there. */
export async function writeGitHubOutput(file: string | undefined, scanId: string): Promise<void> {
  if (file) await appendFile(file, `scan-id=${scanId}\n`);
}
