import type { InvictiFlags } from '@scanrelay/invicti-run';
import type { Command } from 'commander';
import type { RegisterFlags } from '../invicti/prepare-registration.js';

// The run (@scanrelay/invicti-run: the Invicti client, zod, and the parsers once issues are fetched) is
// imported inside the action, so `scanrelay invicti scan --fire-and-forget` pays only for what it uses.
async function run(
  action: 'scan' | 'issues' | undefined,
  flags: InvictiFlags & RegisterFlags,
): Promise<void> {
  await (await import('../invicti/invicti-command.js')).runInvictiCommand(action, flags);
}

function connection(cmd: Command): Command {
  return cmd
    .option(
      '--url <url>',
      'Invicti host or API URL (env SCANRELAY_INVICTI_URL, INVICTI_URL, SCB_INVICTI__URL)',
    )
    .option(
      '--user-id <id>',
      'Invicti user id (env SCANRELAY_INVICTI_USER_ID, INVICTI_USER_ID, SCB_INVICTI__USERID, or SCB_INVICTI__APIKEY=USERID:TOKEN)',
    )
    .option(
      '--api-token <token>',
      'Invicti API token; prefer the environment (SCANRELAY_INVICTI_API_TOKEN, INVICTI_API_TOKEN, SCB_INVICTI__APIKEY)',
    )
    .option(
      '--output-dir <dir>',
      'where findings.json and scan-metadata.json go (env SCB_SCANNER__OUTPUTPATH; default .)',
    )
    .option(
      '-f, --format <format>',
      'findings.json format: json, scb or sarif, as in `parse` (default scb: secureCodeBox)',
    );
}

export function registerInvicti(program: Command): void {
  const invicti = program
    .command('invicti')
    .description(
      "Invicti Enterprise DAST: launch a scan (fire-and-forget or blocking) or fetch a finished scan's findings. Without a subcommand, SCB_ACTION=Scan|Issues chooses",
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 success, 2 launch failed or invalid configuration, 3 the scan did not complete successfully, 130 interrupted.',
    )
    .action(() => run(undefined, {}));

  connection(invicti.command('scan'))
    .description(
      'Launch an Invicti scan; print its id; with --fire-and-forget return at once, otherwise wait and write the findings',
    )
    .option('--target-uri <url>', 'the URL to scan (env SCB_SCAN__TARGETURI)')
    .option(
      '--profile <name>',
      'scan profile to launch with (env SCB_SCAN__PROFILENAME): scans/newwithprofile',
    )
    .option(
      '--website-id <id>',
      'registered website to scan (its root URL is the target unless --target-uri is given): scans/new',
    )
    .option('--policy-id <id>', 'scan policy for scans/new (default: the account default)')
    .option(
      '--base-scan-id <id>',
      'launch an incremental scan on top of this completed scan: scans/incremental',
    )
    .option('--fire-and-forget', 'return right after the launch (env SCB_SCANNER__FIREANDFORGET=true)')
    .option('--no-fire-and-forget', 'wait for the scan even when SCB_SCANNER__FIREANDFORGET=true')
    .option(
      '--timeout <duration>',
      'blocking: give up waiting after this long, leaving the scan running (default 12h)',
    )
    .option(
      '--poll-interval <duration>',
      'blocking: first pause between status checks, growing to 60s (default 10s)',
    )
    .option(
      '--cancel-on-interrupt',
      'blocking: on SIGINT/SIGTERM also cancel the remote scan (default: leave it running)',
    )
    .option(
      '--register',
      'fire-and-forget: register the scan with the scanrelay service (SCANRELAY_API_URL, SCANRELAY_API_KEY), which then fetches its results even if no completion webhook arrives',
    )
    .option('--project <name>', 'with --register: the project the results are filed under (default invicti)')
    .option('--api-url <url>', 'with --register: the scanrelay API (or SCANRELAY_API_URL)')
    .option('--api-key <key>', 'with --register: API key with the upload scope (prefer SCANRELAY_API_KEY)')
    .action((flags: InvictiFlags & RegisterFlags) => run('scan', flags));

  connection(invicti.command('issues'))
    .description('Fetch the issues of a finished Invicti scan and write them as findings')
    .option('--scan-id <id>', 'the Invicti scan id (env SCB_SCAN__ID)')
    .action((flags: InvictiFlags) => run('issues', flags));
}
