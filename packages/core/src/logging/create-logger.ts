import pino from 'pino';
import type { Logger } from '../logger.js';
import { currentLogFields } from './log-context.js';
import { redactUrlSecrets } from './redact-url-secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface CreateLoggerOptions {
  /** Lines below this level are dropped; default `info`. */
  level?: LogLevel;
  /** The `name` field of every line (`scanrelay`, `scanrelay-worker`). */
  name?: string;
  /** Where lines go; default stderr, written synchronously so that nothing is lost at exit. */
  destination?: { write(line: string): unknown };
}

/** Field names whose values are credentials, wherever they appear (headers, options, config). */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'apiKey',
  'api_key',
  'apiToken',
  'token',
  'tokens',
  'accessToken',
  'access_token',
  'refreshToken',
  'secret',
  'secrets',
  'clientSecret',
  'password',
  'passwd',
  'privateKey',
];
const REDACT_PATHS = SECRET_KEYS.flatMap((k) => {
  const key = /^[A-Za-z_]\w*$/.test(k) ? k : `["${k}"]`;
  const nested = key.startsWith('[') ? key : `.${key}`;
  return [key, `*${nested}`, `*.*${nested}`, `*.*.*${nested}`];
});

/**
 * The structured logger of the API, the worker and the CLI: one JSON object per line
 * (`time`, `level`, `name`, `msg`, fields), on pino. Credentials never reach the output: fields named
 * like secrets (authorization, api keys, tokens, secrets, passwords) read `[redacted]` up to four
 * levels deep, and URLs anywhere in the message or a string field lose their user info and secret
 * query values. Errors are serialised with type, message, code and stack. Lines written inside
 * `runWithLogFields` carry its fields (the request id).
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const p = pino(
    {
      level: options.level ?? 'info',
      name: options.name,
      base: undefined,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // `scrub` has already serialised errors, keeping their real type.
      serializers: { err: (e: unknown) => e },
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => scrub(fields, 0, new WeakSet()) as Record<string, unknown>,
      },
      mixin: () => ({ ...currentLogFields() }),
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (p.isLevelEnabled(level)) p[level](fields ?? {}, redactUrlSecrets(message));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const MAX_DEPTH = 8;

/** Errors as plain objects and URL credentials out of every string, before pino's redaction of keys. */
function scrub(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactUrlSecrets(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  const plain = value instanceof Error ? { ...pino.stdSerializers.err(value) } : value;
  if (Array.isArray(plain)) return plain.map((v) => scrub(v, depth + 1, seen));
  if (!isPlainObject(plain)) return plain;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(plain)) out[k] = scrub(v, depth + 1, seen);
  return out;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
