import { readFile } from 'node:fs/promises';
import { isScheme, SCHEMES, type Scheme, signDelivery, verify } from '@scanrelay/hmac-webhooks';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

async function readBody(file: string): Promise<Buffer> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(file);
  } catch (err) {
    throw new CliError(`--body: cannot read ${file}: ${(err as Error).message}`, EXIT.usage, { cause: err });
  }
}

function schemeOf(value: string): Scheme {
  if (!isScheme(value)) throw new CliError(`--scheme: expected one of ${SCHEMES.join(', ')}, got "${value}"`);
  return value;
}

function secretsOf(values: string[] = []): string[] {
  if (values.length > 0) return values;
  const env = process.env.SCANRELAY_WEBHOOK_SECRET;
  if (env) return [env];
  throw new CliError('a secret is needed: --secret S (repeatable) or SCANRELAY_WEBHOOK_SECRET');
}

function integerOf(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value))
    throw new CliError(`${option}: expected a whole number of seconds, got "${value}"`);
  return Number(value);
}

function headersOf(values: string[] = []): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of values) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name))
      throw new CliError(`--header: expected "Name: value", got "${line}"`);
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

/** Library misuse (a secret that is not base64, an id with a dot, …) is bad usage here; its message says which library. */
async function usage<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof TypeError) throw new CliError(err.message, EXIT.usage, { cause: err });
    throw err;
  }
}

interface CommonOptions {
  scheme: string;
  secret?: string[];
  body: string;
}

export function registerWebhook(program: Command): void {
  const webhook = program
    .command('webhook')
    .description('Sign and verify webhooks, for debugging integrations');
  const schemes = SCHEMES.join('|');

  webhook
    .command('sign')
    .description('Print the headers to send with a body, one "Name: value" per line')
    .option('--scheme <scheme>', schemes, 'scanrelay')
    .option(
      '--secret <secret>',
      'secret (repeat to sign with several); default $SCANRELAY_WEBHOOK_SECRET',
      collect,
    )
    .requiredOption('--body <file>', 'the raw body, or - for standard input')
    .option('--id <id>', 'delivery id (default: generated)')
    .option('--timestamp <seconds>', 'Unix seconds (default: now)')
    .option('--legacy', 'scanrelay scheme: the legacy body-only signature')
    .action(async (opts: CommonOptions & { id?: string; timestamp?: string; legacy?: boolean }) => {
      const scheme = schemeOf(opts.scheme);
      const secret = secretsOf(opts.secret);
      const timestamp = integerOf('--timestamp', opts.timestamp);
      const body = await readBody(opts.body);
      const signed = await usage(() =>
        signDelivery({ scheme, secret, body, id: opts.id, timestamp, legacy: opts.legacy }),
      );
      for (const [name, value] of Object.entries(signed.headers)) process.stdout.write(`${name}: ${value}\n`);
    });

  webhook
    .command('verify')
    .description('Verify a delivery: exit 0 and print its delivery id, or exit 1 and print why it is refused')
    .option('--scheme <scheme>', schemes, 'scanrelay')
    .option(
      '--secret <secret>',
      'secret (repeat during a rotation); default $SCANRELAY_WEBHOOK_SECRET',
      collect,
    )
    .option('--header <header>', 'a received header, "Name: value" (repeatable)', collect)
    .requiredOption('--body <file>', 'the raw body, or - for standard input')
    .option('--tolerance <seconds>', 'largest distance between the signed timestamp and now', '300')
    .option('--now <seconds>', 'check as if now were this Unix time (to check a recorded delivery)')
    .action(async (opts: CommonOptions & { header?: string[]; tolerance: string; now?: string }) => {
      const scheme = schemeOf(opts.scheme);
      const secret = secretsOf(opts.secret);
      const headers = headersOf(opts.header);
      const toleranceSeconds = integerOf('--tolerance', opts.tolerance);
      const nowSeconds = integerOf('--now', opts.now);
      const body = await readBody(opts.body);
      const now = nowSeconds === undefined ? undefined : nowSeconds * 1000;
      const result = await usage(() => verify({ scheme, secret, body, headers, toleranceSeconds, now }));
      if (!result.ok)
        throw new CliError(`webhook verify: invalid: ${result.reason}: ${result.detail}`, EXIT.failed);
      process.stdout.write(`${result.deliveryId}\n`);
    });
}
