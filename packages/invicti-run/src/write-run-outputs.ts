import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Finding, type ScanMetadata, scanMetadataSchema } from '@scanrelay/findings-schema';
import type { FindingsFormat } from './findings-format.js';
import { writeFileAtomic } from './open-atomic-file.js';
import { writeFindingsFile } from './write-findings.js';

export const FINDINGS_FILE = 'findings.json';
export const METADATA_FILE = 'scan-metadata.json';

export type RunMetadataInput = Omit<ScanMetadata, 'provider' | 'findingsFile' | 'findingsCount'>;

async function writeMetadata(dir: string, meta: ScanMetadata): Promise<ScanMetadata> {
  const file = path.join(dir, METADATA_FILE);
  const checked = scanMetadataSchema.parse(meta);
  await writeFileAtomic(file, `${JSON.stringify(checked, null, 2)}\n`);
  return checked;
}

/**
 * Writes `findings.json` (in `format`) then `scan-metadata.json` into `dir`, and returns the metadata
 * written. Without findings (the scan failed, was cancelled or timed out) only the metadata is written
 * and a findings.json left by an earlier run is removed, so a later step can never mistake it for this
 * scan's result.
 */
export async function writeRunOutputs(
  dir: string,
  meta: RunMetadataInput,
  findings: { items: AsyncIterable<Finding>; format: FindingsFormat } | undefined,
): Promise<ScanMetadata> {
  await mkdir(dir, { recursive: true });
  const findingsPath = path.join(dir, FINDINGS_FILE);
  if (!findings) {
    await rm(findingsPath, { force: true });
    return writeMetadata(dir, { ...meta, provider: 'invicti' });
  }
  const count = await writeFindingsFile(findingsPath, findings.items, {
    format: findings.format,
    scanner: 'invicti',
    scanName: `invicti-${meta.scanId}`,
  });
  return writeMetadata(dir, {
    ...meta,
    provider: 'invicti',
    findingsFile: FINDINGS_FILE,
    findingsCount: count,
  });
}

/** An empty stream of findings, for fire-and-forget's empty findings.json. */
export async function* noFindings(): AsyncGenerator<Finding> {}
