import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { CliError, EXIT } from '../cli-error.js';
import { type CliConfig, cliConfigSchema, ENV_SETTINGS } from './config-schema.js';

const DEFAULT_CONFIG_FILE = 'scanrelay.config.yaml';

export interface LoadConfigOptions {
  /** `--config`: this file must exist. Otherwise `scanrelay.config.yaml` in `cwd` is read when present. */
  configPath?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Flag values by setting path (`server.port`); undefined entries are ignored. */
  flags?: Record<string, unknown>;
}

export interface LoadedConfig {
  config: CliConfig;
  /** The config file read, if any. */
  file?: string;
  /** Where each setting that is not a default came from (`server.port` → `SCANRELAY_PORT`). */
  origins: Map<string, string>;
}

/**
 * The configuration cascade: defaults < config file < environment < flags. A bad value is a
 * CliError (exit 2) that names the setting and where the value came from, never the value of a secret.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const merged: Record<string, unknown> = {};
  const origins = new Map<string, string>();

  const file = options.configPath
    ? path.resolve(cwd, options.configPath)
    : path.join(cwd, DEFAULT_CONFIG_FILE);
  let fileRead: string | undefined;
  if (options.configPath || existsSync(file)) {
    const fromFile = await readConfigFile(file);
    fileRead = file;
    for (const [key, value] of flatten(fromFile)) set(merged, origins, key, value, path.basename(file));
  }
  for (const [name, key] of Object.entries(ENV_SETTINGS)) {
    const value = env[name];
    if (value !== undefined && value !== '') set(merged, origins, key, value, `environment ${name}`);
  }
  for (const [key, value] of Object.entries(options.flags ?? {})) {
    if (value !== undefined) set(merged, origins, key, value, `--${flagName(key)}`);
  }

  const result = cliConfigSchema.safeParse(merged);
  if (!result.success)
    throw new CliError(`configuration: ${describeIssues(result.error, origins)}`, EXIT.usage);
  return { config: result.data, file: fileRead, origins };
}

async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new CliError(
      `configuration: cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`,
      EXIT.usage,
    );
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new CliError(
      `configuration: ${path.basename(file)} is not valid YAML at line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`,
      EXIT.usage,
    );
  }
  const value = doc.toJS() as unknown;
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError(
      `configuration: ${path.basename(file)} must be a mapping of settings, got ${Array.isArray(value) ? 'a list' : typeof value}`,
      EXIT.usage,
    );
  }
  return value;
}

/** Leaves of a nested object as dotted paths; arrays are leaves. */
function* flatten(value: unknown, prefix = ''): Generator<[string, unknown]> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) yield* flatten(v, prefix ? `${prefix}.${k}` : k);
    return;
  }
  yield [prefix, value];
}

function set(
  target: Record<string, unknown>,
  origins: Map<string, string>,
  key: string,
  value: unknown,
  origin: string,
): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
  origins.set(key, origin);
}

function describeIssues(error: z.ZodError, origins: Map<string, string>): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const keys =
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((k) => [...issue.path, k].join('.'))
          : [issue.path.join('.')];
      return keys
        .map((key) => {
          const origin = originOf(key, origins);
          if (issue.code === 'unrecognized_keys')
            return `unknown setting "${key}"${origin ? ` (in ${origin})` : ''}`;
          return `${key || '(root)'}${origin ? ` (from ${origin})` : ''}: ${issue.message}`;
        })
        .join('; ');
    })
    .join('; ');
}

function originOf(key: string, origins: Map<string, string>): string | undefined {
  for (let k = key; k; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
    const o = origins.get(k);
    if (o) return o;
  }
  for (const [k, o] of origins) if (k.startsWith(`${key}.`)) return o;
  return undefined;
}

/** `server.dataDir` → `data-dir` (the flag spelling). */
function flagName(key: string): string {
  return (key.split('.').at(-1) ?? key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
