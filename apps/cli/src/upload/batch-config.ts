import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { IMPORT_TYPES } from '@scanrelay/client';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { CliError } from '../cli-error.js';

const name = z.string().trim().min(1).max(200);
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name');

const batchSchema = z.strictObject({
  name,
  /** This batch's scanrelay API; default: the configured one. */
  apiUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The environment variable holding this batch's API key (keeps keys out of the file). */
  apiKeyEnv: envName.optional(),
  /** A literal key; prefer apiKeyEnv. */
  apiKey: z.string().min(1).optional(),
  project: name.optional(),
  assessment: name.optional(),
  assetType: name.optional(),
  scannerType: z.string().min(1).optional(),
  importType: z.enum(IMPORT_TYPES).optional(),
  destinations: z.array(name).optional(),
  /** This batch's Phoenix client: its uploads go to Phoenix with these credentials only. */
  phoenixClientId: z.string().trim().min(1).optional(),
  phoenixApiUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The environment variable holding the Phoenix client secret (default PHOENIX_CLIENT_SECRET). */
  phoenixClientSecretEnv: envName.optional(),
  files: z.array(z.string().min(1)).min(1, 'a batch needs at least one file'),
});

const batchFileSchema = z.strictObject({
  concurrency: z.number().int().min(1).max(64).optional(),
  defaults: batchSchema.omit({ name: true, files: true }).partial().optional(),
  batches: z.array(batchSchema).min(1, 'at least one batch'),
});
export type BatchFile = z.infer<typeof batchFileSchema>;

/**
 * The Phoenix client's batch file writes its keys in snake_case (`scanner_type`, `phoenix_client_id`,
 * `phoenix_api_url`, …): both spellings are read, and one key given both ways is an error.
 */
function camelKeys(value: unknown, where: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const camel = k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    if (camel in out) throw new CliError(`--batch-config: ${where}: "${k}" is given twice (as ${camel} too)`);
    out[camel] = v;
  }
  return out;
}

function normaliseKeys(doc: unknown): unknown {
  const root = camelKeys(doc, '(root)') as Record<string, unknown> | unknown;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return root;
  const r = root as Record<string, unknown>;
  if (r.defaults !== undefined) r.defaults = camelKeys(r.defaults, 'defaults');
  if (Array.isArray(r.batches)) r.batches = r.batches.map((b, i) => camelKeys(b, `batches.${i}`));
  return r;
}
export type Batch = z.infer<typeof batchSchema>;

/** Reads and validates a batch YAML file; file paths are resolved relative to it. */
export async function readBatchFile(file: string): Promise<BatchFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new CliError(
      `--batch-config: cannot read "${file}": ${(cause as NodeJS.ErrnoException).code ?? cause}`,
    );
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new CliError(
      `--batch-config: ${path.basename(file)} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`,
    );
  }
  const parsed = batchFileSchema.safeParse(normaliseKeys(doc.toJS()));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new CliError(
      `--batch-config: ${path.basename(file)}: ${i.path.join('.') || '(root)'}: ${i.message}`,
    );
  }
  const dir = path.dirname(path.resolve(file));
  for (const b of parsed.data.batches) b.files = b.files.map((f) => path.resolve(dir, f));
  return parsed.data;
}
