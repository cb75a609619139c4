import { createRequire } from 'node:module';
import { isParseError } from '@scanrelay/parsers';
import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { CliError, EXIT } from './cli-error.js';
import { registerCommands } from './commands/index.js';

export { CliError, EXIT } from './cli-error.js';

// `../package.json` is this package's from `src/index.ts` and from the bundled `dist/*.js` alike.
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The program with the commands `argv` needs (all of them when `argv` is not given). */
export async function createProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('scanrelay')
    .description('Get security-scan results out of scanners and into the places that act on them.')
    .version(version)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });
  await registerCommands(program, argv);
  return program;
}

/** Runs the CLI and returns the exit code; every error is mapped to a code here and only here. */
export async function main(argv: string[]): Promise<number> {
  try {
    const program = await createProgram(argv);
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof CliError) {
      process.stderr.write(`scanrelay: ${err.message}\n`);
      return err.exitCode;
    }
    // A report that cannot be parsed, or input a schema refused: the user's input, not our failure.
    if (isParseError(err) || err instanceof ZodError) {
      process.stderr.write(`scanrelay: ${err.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`scanrelay: unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
    return EXIT.failed;
  }
}
