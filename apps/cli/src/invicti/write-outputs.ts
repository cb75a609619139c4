import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Finding, type ScanMetadata, scanMetadataSchema } from '@scanrelay/findings-schema';
import { type OutputFormat, writeFindings } from '../findings-output.js';

export const FINDINGS_FILE = 'findings.json';
export const METADATA_FILE = 'scan-metadata.json';

type MetadataInput = Omit<ScanMetadata, 'provider' | 'findingsFile' | 'findingsCount'>;

async function writeMetadata(dir: string, meta: ScanMetadata): Promise<void> {
  const file = path.join(dir, METADATA_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(scanMetadataSchema.parse(meta), null, 2)}\n`);
  await rename(tmp, file);
}

/**
 * Writes `findings.json` (in `format`) then `scan-metadata.json` into `dir`. Without findings (the
 * scan failed, was cancelled or timed out) only the metadata is written and a findings.json left by
 * an earlier run is removed, so a later step can never mistake it for this scan's result.
 */
export async function writeOutputs(
  dir: string,
  meta: MetadataInput,
  findings: { items: AsyncIterable<Finding>; format: OutputFormat } | undefined,
): Promise<number | undefined> {
  await mkdir(dir, { recursive: true });
  const findingsPath = path.join(dir, FINDINGS_FILE);
  if (!findings) {
    await rm(findingsPath, { force: true });
    await writeMetadata(dir, { ...meta, provider: 'invicti' });
    return undefined;
  }
  const count = await writeFindings(findings.items, {
    format: findings.format,
    output: findingsPath,
    scanner: 'invicti',
    scanName: `invicti-${meta.scanId}`,
  });
  await writeMetadata(dir, {
    ...meta,
    provider: 'invicti',
    findingsFile: FINDINGS_FILE,
    findingsCount: count,
  });
  return count;
}

/** An empty stream of findings, for fire-and-forget's empty findings.json. */
export async function* noFindings(): AsyncGenerator<Finding> {}

/** Tells a GitHub Actions step the scan id (`steps.<id>.outputs.scan-id`) when run there. */
export async function writeGitHubOutput(scanId: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, `scan-id=${scanId}\n`);
}
