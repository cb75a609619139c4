import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
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

/**
 * True for a ParseError or a zod error. Both are looked up only once an error got this far, so that a
 * successful run never loads @scanrelay/parsers or zod for this check; both checks also recognise
 * errors from another copy of their package (a brand, zod's traits). zod's core `$ZodError` covers the
 * errors of classic schemas and of `zod/mini` ones (the `invicti` command's settings and answers).
 */
async function isInputError(err: unknown): Promise<boolean> {
  const [{ isParseError }, { $ZodError }] = await Promise.all([
    import('@scanrelay/parsers'),
    import('zod/v4/core'),
  ]);
  return isParseError(err) || err instanceof $ZodError;
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
    if (await isInputError(err)) {
      process.stderr.write(`scanrelay: ${(err as Error).message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`scanrelay: unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
    return EXIT.failed;
  }
}
