import type { InvictiFlags, InvictiRunOutcome } from '@scanrelay/invicti-run';
import { CliError } from '../cli-error.js';
import { exitForOutcome, exitForRunError } from './invicti-exit.js';
import type { RegisterFlags } from './prepare-registration.js';
import { createProgressPrinter } from './progress-printer.js';
import { trapInterrupts } from './trap-interrupts.js';

const say = (line: string) => process.stderr.write(`scanrelay: ${line}\n`);

/** Says what a successful run did; any other outcome becomes a CliError with its exit code. */
function report(outcome: InvictiRunOutcome, signal: string | undefined): void {
  const exitCode = exitForOutcome(outcome);
  if (outcome.kind === 'launched')
    say(
      `launched Invicti scan ${outcome.scanId} (${outcome.scan.State}); not waiting (fire-and-forget). Metadata in ${outcome.files.metadataFile}`,
    );
  else if (outcome.kind === 'completed') {
    const how = outcome.metadata.mode === 'blocking' ? ` ${outcome.metadata.status}` : '';
    say(
      `Invicti scan ${outcome.scanId}${how}: ${outcome.findingsCount} findings in ${outcome.files.findingsFile}`,
    );
  } else if (outcome.kind === 'incomplete') throw new CliError(outcome.detail, exitCode);
  else throw new CliError(`${signal ?? 'interrupted'}: ${outcome.detail}`, exitCode);
}

/**
 * `scanrelay invicti [scan|issues]`: settings from flags and environment, one run of
 * @scanrelay/invicti-run with the signals and the terminal wired in, and its outcome as an exit code.
 * The package is imported here, on first use, so other commands never load it.
 */
export async function runInvictiCommand(
  action: 'scan' | 'issues' | undefined,
  flags: InvictiFlags & RegisterFlags,
): Promise<void> {
  const { isInvictiRunError, resolveInvictiSettings, runInvicti } = await import('./invicti-run-bundle.js');
  const asCliError = (e: unknown) =>
    isInvictiRunError(e) ? new CliError(e.detail, exitForRunError(e.code), { cause: e }) : e;
  let settings: ReturnType<typeof resolveInvictiSettings>;
  try {
    settings = resolveInvictiSettings({ ...flags, action }, process.env);
  } catch (e) {
    throw asCliError(e);
  }
  // Checked before the launch: a run that cannot register launches nothing. Loaded only for
  // --register: its settings bring the whole configuration schema (@scanrelay/core, sinks).
  const register =
    settings.action === 'scan' && settings.register
      ? await (await import('./prepare-registration.js')).prepareRegistration(flags)
      : undefined;
  const trap = trapInterrupts();
  const progress = createProgressPrinter();
  try {
    const outcome = await runInvicti(settings, {
      signal: trap.signal,
      onLaunched: (scan) => process.stdout.write(`${scan.Id}\n`),
      onProgress: (p) => progress.update(p),
      onRetry: (e) => say(`retrying (attempt ${e.attempt + 1}): ${e.error.detail}`),
    });
    progress.end();
    report(outcome, trap.received());
    if (register && outcome.kind === 'launched')
      say(await register({ scanId: outcome.scanId, target: outcome.scan.TargetUrl ?? undefined }));
  } catch (e) {
    progress.end();
    throw asCliError(e);
  } finally {
    trap.release();
  }
}
