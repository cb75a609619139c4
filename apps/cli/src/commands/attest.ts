import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import {
  isAttestationError,
  keyIdOf,
  type SastResult,
  sastResultSchema,
  type VerifiedAttestation,
  verifyAttestation,
} from '@scanrelay/sast-runners';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';

async function readText(option: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`${option}: cannot read ${file}: ${(err as Error).message}`, EXIT.usage, {
      cause: err,
    });
  }
}

async function readResult(file: string): Promise<SastResult> {
  let json: unknown;
  try {
    json = JSON.parse(await readText('--result', file));
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`--result: ${file} is not JSON`, EXIT.usage, { cause: err });
  }
  const parsed = sastResultSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`--result: ${file} is not a scan result: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/** What an attestation proves, one fact a line. */
export function describeAttestation(proven: VerifiedAttestation): string {
  const { predicate: p } = proven;
  const tool = p.tool.version ? `${p.tool.name} ${p.tool.version}` : p.tool.name;
  const counts = Object.entries(p.counts)
    .map(([severity, n]) => `${severity} ${n}`)
    .join(', ');
  return [
    `verified: signed by ${proven.keyId}`,
    `repository: ${proven.repoUrl}`,
    `commit: ${proven.commitSha}`,
    `project: ${p.project}, provider: ${p.provider}, scan: ${p.scanId}`,
    `tool: ${tool}`,
    `status: ${p.status}, verdict: ${p.verdict}, score: ${p.score}`,
    `counts: ${counts || 'none'}`,
    `findings: ${p.findings.count} (sha256 ${p.findings.sha256})`,
    `scanned: ${p.startedAt} to ${p.finishedAt}`,
  ].join('\n');
}

interface VerifyFlags {
  key: string;
  result?: string;
  json?: boolean;
}

export function registerAttest(program: Command): void {
  const attest = program
    .command('attest')
    .description('Check SAST attestations (in-toto statements in DSSE envelopes, Ed25519) offline');

  attest
    .command('verify')
    .description(
      'Verify an attestation file and print what it proves; exit 1 when tampered or signed by another key',
    )
    .argument('<file>', 'the attestation (a DSSE envelope, JSON)')
    .requiredOption('--key <pubkey>', 'the Ed25519 public key (PEM file) it must be signed with')
    .option(
      '--result <file>',
      'also check that this result JSON is the one attested (commit, verdict, findings)',
    )
    .option('--json', 'print what it proves as JSON')
    .action(async (file: string, opts: VerifyFlags) => {
      const envelope = await readText('<file>', file);
      const key = await readText('--key', opts.key);
      const result = opts.result ? await readResult(opts.result) : undefined;
      let proven: VerifiedAttestation;
      try {
        proven = verifyAttestation(envelope, key, result ? { result } : {});
      } catch (err) {
        if (!isAttestationError(err)) throw err;
        const exit = err.code === 'invalid_key' ? EXIT.usage : EXIT.failed;
        throw new CliError(`not verified (${err.code}): ${err.detail}`, exit, { cause: err });
      }
      process.stdout.write(`${opts.json ? JSON.stringify(proven, null, 2) : describeAttestation(proven)}\n`);
    });

  attest
    .command('keygen')
    .description('Make an Ed25519 key pair for `scanrelay sast --attest --key-file`')
    .requiredOption(
      '--private-key <file>',
      'where the private key goes (PKCS#8 PEM, mode 600; never overwritten)',
    )
    .requiredOption('--public-key <file>', 'where the public key goes (SPKI PEM)')
    .action(async (opts: { privateKey: string; publicKey: string }) => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const write = async (path: string, text: string, mode: number) => {
        try {
          await writeFile(path, text, { mode, flag: 'wx' });
        } catch (err) {
          throw new CliError(`cannot write ${path}: ${(err as Error).message}`, EXIT.usage, { cause: err });
        }
      };
      await write(opts.privateKey, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 0o600);
      await write(opts.publicKey, publicKey.export({ type: 'spki', format: 'pem' }) as string, 0o644);
      process.stdout.write(`key id: ${keyIdOf(publicKey)}\n`);
    });
}
