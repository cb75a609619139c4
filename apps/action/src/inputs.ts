import * as core from '@actions/core';
import { FAIL_ON, IMPORT_TYPES } from '@scanrelay/client';
import { parseDuration } from '@scanrelay/invicti-run';
import { SAST_PROVIDERS } from '@scanrelay/sast-runners';
import { z } from 'zod';
import { ActionError } from './action-error.js';

/** Every input action.yml declares, by its name there. */
export const INPUT_NAMES = [
  'command',
  'api-url',
  'api-key',
  'project',
  'fail-on',
  'top',
  'report-file',
  'scanner-type',
  'import-type',
  'wait',
  'wait-timeout',
  'invicti-url',
  'invicti-user-id',
  'invicti-api-token',
  'target-uri',
  'profile',
  'website-id',
  'policy-id',
  'base-scan-id',
  'scan-id',
  'blocking',
  'timeout',
  'poll-interval',
  'output-dir',
  'format',
  'strict',
  'sarif-file',
  'category',
  'provider',
  'repo-url',
  'ref',
  'callback-url',
  'callback-secret',
  'result-file',
] as const;
type InputName = (typeof INPUT_NAMES)[number];

/** Inputs that hold credentials: masked in the log as soon as they are read. */
const SECRET_INPUTS: readonly InputName[] = ['api-key', 'invicti-api-token', 'callback-secret'];

const text = z
  .string({ error: (issue) => (issue.input === undefined ? 'required for this command' : undefined) })
  .min(1);
const flag = z
  .string()
  .regex(/^(true|false)$/i, 'expected true or false')
  .transform((v) => v.toLowerCase() === 'true');
const duration = z
  .string()
  .refine((v) => parseDuration(v) !== undefined, 'expected a duration: 30s, 15m, 2h');
const httpUrl = z.url({
  protocol: /^https?$/,
  error: (issue) => (issue.input === undefined ? 'required for this command' : 'expected an http(s) URL'),
});
const top = z.coerce.number().int().min(0).max(50).default(10);
/** The gate's policy: findings at or above this severity fail; `none` never fails on findings. */
const failOnFindings = z.enum([...FAIL_ON, 'none']).default('critical');
const service = { 'api-url': httpUrl, 'api-key': text };

const uploadSchema = z.object({
  command: z.literal('upload'),
  ...service,
  'report-file': text,
  'scanner-type': text.optional(),
  project: text.optional(),
  'import-type': z.enum(IMPORT_TYPES).optional(),
  wait: flag.default(true),
  'wait-timeout': duration.default('15m'),
  'fail-on': failOnFindings,
  top,
});

const invicti = {
  'invicti-url': httpUrl.optional(),
  'invicti-user-id': text.optional(),
  'invicti-api-token': text.optional(),
  'output-dir': text.default('scanrelay-invicti'),
  format: z.enum(['json', 'scb']).default('scb'),
  'sarif-file': text.optional(),
  'fail-on': failOnFindings,
  top,
};

const invictiScanSchema = z.object({
  command: z.literal('invicti-scan'),
  ...invicti,
  'target-uri': httpUrl.optional(),
  profile: text.optional(),
  'website-id': text.optional(),
  'policy-id': text.optional(),
  'base-scan-id': text.optional(),
  blocking: flag.default(false),
  timeout: duration.optional(),
  'poll-interval': duration.optional(),
});

const invictiIssuesSchema = z
  .object({
    command: z.literal('invicti-issues'),
    ...invicti,
    'scan-id': text,
    'api-url': httpUrl.optional(),
    'api-key': text.optional(),
    project: text.default('invicti'),
  })
  .refine((v) => !v['api-url'] || v['api-key'], {
    message: 'api-key is required with api-url (the findings are posted to scanrelay)',
    path: ['api-key'],
  });

const gateSchema = z.object({
  command: z.literal('gate'),
  ...service,
  project: text,
  'fail-on': z.enum(FAIL_ON).default('critical'),
  strict: flag.default(false),
  timeout: duration.default('30s'),
  top,
});

const parseSchema = z.object({
  command: z.literal('parse'),
  'report-file': text,
  'scanner-type': text.default('auto'),
  'sarif-file': text.default('scanrelay.sarif'),
  category: text.optional(),
  'fail-on': failOnFindings,
  top,
});

const sastSchema = z
  .object({
    command: z.literal('sast'),
    provider: z.enum(SAST_PROVIDERS),
    'repo-url': text,
    ref: text.optional(),
    project: text,
    'scan-id': text.optional(),
    'callback-url': httpUrl.optional(),
    'callback-secret': text.optional(),
    'result-file': text.optional(),
    'sarif-file': text.optional(),
    'fail-on': failOnFindings,
    top,
  })
  .refine((v) => !v['callback-url'] === !v['callback-secret'], {
    message: 'callback-url and callback-secret go together',
    path: ['callback-secret'],
  });

const actionInputsSchema = z.discriminatedUnion('command', [
  uploadSchema,
  invictiScanSchema,
  invictiIssuesSchema,
  gateSchema,
  parseSchema,
  sastSchema,
]);
export type ActionInputs = z.infer<typeof actionInputsSchema>;
export type InputsOf<C extends ActionInputs['command']> = Extract<ActionInputs, { command: C }>;

/** The inputs as the runner passes them (`INPUT_*`), empty ones left out. Secrets are masked at once. */
function readRawInputs(): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const name of INPUT_NAMES) {
    const value = core.getInput(name);
    if (value === '') continue;
    if (SECRET_INPUTS.includes(name)) core.setSecret(value);
    raw[name] = value;
  }
  return raw;
}

/**
 * The inputs of this step, checked for its `command` (the runner does not enforce `required`). A
 * missing or bad input throws ActionError naming it; a secret's value never appears in the message.
 */
export function readInputs(raw: Record<string, string> = readRawInputs()): ActionInputs {
  const parsed = actionInputsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.') || 'command';
    if (name === 'command')
      return `command: expected one of upload, invicti-scan, invicti-issues, gate, parse, sast; got "${raw.command ?? ''}"`;
    return `${name}: ${issue.message}`;
  });
  throw new ActionError('input', `bad inputs: ${problems.join('; ')}`);
}
