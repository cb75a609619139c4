import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Every command, loaded on demand: a run of `scanrelay invicti scan` imports the invicti command
 * and nothing else (no API, worker, storage or queue code), so start-up stays short. Help and
 * unknown commands load them all. Add one line per command.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  parse: async () => (await import('./parse.js')).registerParse,
  webhook: async () => (await import('./webhook.js')).registerWebhook,
  serve: async () => (await import('./serve.js')).registerServe,
  worker: async () => (await import('./worker.js')).registerWorker,
  keys: async () => (await import('./keys.js')).registerKeys,
  invicti: async () => (await import('./invicti.js')).registerInvicti,
  import: async () => (await import('./import.js')).registerImport,
  migrate: async () => (await import('./migrate.js')).registerMigrate,
  upload: async () => (await import('./upload.js')).registerUpload,
  'upload-batch': async () => (await import('./upload-batch.js')).registerUploadBatch,
  status: async () => (await import('./status.js')).registerStatus,
  forward: async () => (await import('./forward.js')).registerForward,
  sast: async () => (await import('./sast.js')).registerSast,
  attest: async () => (await import('./attest.js')).registerAttest,
  'scanner-worker': async () => (await import('./scanner-worker.js')).registerScannerWorker,
  publish: async () => (await import('./publish.js')).registerPublish,
  gate: async () => (await import('./gate.js')).registerGate,
  triage: async () => (await import('./triage.js')).registerTriage,
  vex: async () => (await import('./vex.js')).registerVex,
};

/** Registers the command that `argv` names, or every command when it names none we know. */
export async function registerCommands(program: Command, argv: readonly string[] = []): Promise<void> {
  const first = argv.find((a) => !a.startsWith('-'));
  const onlyVersion =
    first === undefined && argv.length > 0 && argv.every((a) => a === '-V' || a === '--version');
  if (onlyVersion) return;
  const load = first !== undefined ? COMMANDS[first] : undefined;
  const loaders = load ? [load] : Object.values(COMMANDS);
  for (const register of await Promise.all(loaders.map((l) => l()))) register(program);
}
