import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@scanrelay/invicti-run';
import {
  type DsseEnvelope,
  isAttestationError,
  isCallbackError,
  type KeyInput,
  loadPrivateKey,
  outboundPolicyFromEnv,
  postCallback,
  SAST_PROVIDERS,
  type SastProvider,
  type SastResult,
  scanRepository,
  signAttestation,
} from '@scanrelay/sast-runners';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { writeFindings } from '../findings-output.js';

const FORMATS = ['json', 'sarif', 'scb'] as const;
type SastFormat = (typeof FORMATS)[number];

interface SastFlags {
  provider: string;
  repo: string;
  ref?: string;
  project?: string;
  scanId?: string;
  format: string;
  output?: string;
  callbackUrl?: string;
  callbackSecretEnv?: string;
  attest?: boolean;
  keyFile?: string;
  attestationOutput?: string;
}

const log = (line: string) => process.stderr.write(`scanrelay: ${line}\n`);

function providerOf(value: string): SastProvider {
  if (!(SAST_PROVIDERS as readonly string[]).includes(value))
    throw new CliError(`--provider: expected one of ${SAST_PROVIDERS.join(', ')}, got "${value}"`);
  return value as SastProvider;
}

function formatOf(value: string): SastFormat {
  if (!(FORMATS as readonly string[]).includes(value))
    throw new CliError(`--format: expected one of ${FORMATS.join(', ')}, got "${value}"`);
  return value as SastFormat;
}

/** The project name when none is given: the repository's last path segment without `.git`. */
function projectOf(repoUrl: string): string {
  let pathname = repoUrl;
  try {
    pathname = new URL(repoUrl).pathname;
  } catch {
    // the scan refuses it with the reason; any name will do until then
  }
  const last = pathname.split('/').filter(Boolean).pop() ?? '';
  return last.replace(/\.git$/, '') || 'repository';
}

function callbackSecretOf(opts: SastFlags): string | undefined {
  if (opts.callbackUrl === undefined && opts.callbackSecretEnv === undefined) return undefined;
  if (opts.callbackUrl === undefined || opts.callbackSecretEnv === undefined)
    throw new CliError('--callback-url and --callback-secret-env go together');
  const secret = process.env[opts.callbackSecretEnv];
  if (!secret) throw new CliError(`${opts.callbackSecretEnv} is not set: it must hold the callback secret`);
  return secret;
}

async function signingKeyOf(opts: SastFlags): Promise<{ key: KeyInput; file: string } | undefined> {
  if (!opts.attest) {
    if (opts.keyFile || opts.attestationOutput)
      throw new CliError('--key-file and --attestation-output need --attest');
    return undefined;
  }
  if (!opts.keyFile) throw new CliError('--attest needs --key-file (an Ed25519 private key, PEM)');
  const file = opts.attestationOutput ?? (opts.output ? `${opts.output}.intoto.json` : undefined);
  if (!file)
    throw new CliError('--attest needs --attestation-output (or --output, beside which it is written)');
  let pem: string;
  try {
    pem = await readFile(opts.keyFile, 'utf8');
  } catch (err) {
    throw new CliError(`--key-file: cannot read ${opts.keyFile}: ${(err as Error).message}`, EXIT.usage, {
      cause: err,
    });
  }
  try {
    return { key: loadPrivateKey(pem), file };
  } catch (err) {
    if (!isAttestationError(err)) throw err;
    throw new CliError(`--key-file: ${err.detail}`, EXIT.usage, { cause: err });
  }
}

async function writeResult(
  result: SastResult,
  format: SastFormat,
  output: string | undefined,
): Promise<void> {
  if (format === 'json') {
    const text = `${JSON.stringify(result, null, 2)}\n`;
    if (output && output !== '-') await writeFileAtomic(output, text);
    else process.stdout.write(text);
    return;
  }
  async function* findings() {
    yield* result.findings;
  }
  await writeFindings(findings(), { format, output, scanner: result.provider, scanName: result.scanId });
}

function summary(result: SastResult): string {
  const at = result.commitSha ? ` at ${result.commitSha}` : '';
  if (result.status === 'failed')
    return `${result.provider} scan of ${result.repoUrl}${at} failed: ${result.error}`;
  const counts = Object.entries(result.counts)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`)
    .join(', ');
  return `${result.provider} scan of ${result.repoUrl}${at}: ${result.verdict} (score ${result.score}; ${counts || 'no findings'})`;
}

async function runSast(opts: SastFlags): Promise<void> {
  const provider = providerOf(opts.provider);
  const format = formatOf(opts.format);
  const secret = callbackSecretOf(opts);
  const signing = await signingKeyOf(opts);
  const policy = outboundPolicyFromEnv();

  const result = await scanRepository({
    project: opts.project ?? projectOf(opts.repo),
    provider,
    scanId: opts.scanId ?? `scan-${randomUUID()}`,
    repoUrl: opts.repo,
    ...(opts.ref === undefined ? {} : { ref: opts.ref }),
    policy,
  });
  log(summary(result));
  await writeResult(result, format, opts.output);

  let attestation: DsseEnvelope | undefined;
  if (signing && result.commitSha === undefined) log('no attestation: the scan has no commit to attest');
  else if (signing) {
    attestation = signAttestation(result, signing.key);
    await writeFileAtomic(signing.file, `${JSON.stringify(attestation, null, 2)}\n`);
    log(`attestation written to ${signing.file}`);
  }

  if (secret !== undefined && opts.callbackUrl !== undefined) {
    try {
      const delivery = await postCallback({ url: opts.callbackUrl, secret, result, attestation, policy });
      log(
        `result delivered to the callback (delivery ${delivery.deliveryId}, ${delivery.attempts} attempt(s))`,
      );
    } catch (err) {
      if (!isCallbackError(err)) throw err;
      throw new CliError(`the result was not delivered: ${err.detail}`, EXIT.incomplete, { cause: err });
    }
  }

  if (result.status === 'failed') throw new CliError(`the scan failed: ${result.error}`, EXIT.incomplete);
  if (result.verdict === 'fail') process.exitCode = EXIT.failed;
}

export function registerSast(program: Command): void {
  program
    .command('sast')
    .description(
      'Scan a repository at a provable commit with one SAST provider and print, write or post the result (exit 1 when the verdict is fail, 3 when the scan failed)',
    )
    .requiredOption('--provider <provider>', SAST_PROVIDERS.join('|'))
    .requiredOption(
      '--repo <url>',
      'the repository to clone (https; SCANRELAY_ALLOW_PRIVATE_URLS=true allows private hosts and http)',
    )
    .option('--ref <ref>', 'a branch, tag or 40-hex commit (default: the default branch)')
    .option('--project <name>', 'the project the result is for (default: the repository name)')
    .option('--scan-id <id>', 'the scan id (default: a new one)')
    .option('--format <format>', FORMATS.join('|'), 'json')
    .option('-o, --output <file>', 'write there instead of standard output')
    .option('--callback-url <url>', 'POST the signed result there')
    .option('--callback-secret-env <var>', 'the environment variable holding the callback secret')
    .option('--attest', 'also issue a signed attestation (in-toto statement in a DSSE envelope)')
    .option('--key-file <file>', 'the Ed25519 private key (PEM) attestations are signed with')
    .option('--attestation-output <file>', 'where the attestation goes (default: <output>.intoto.json)')
    .action(runSast);
}
