import { access } from 'node:fs/promises';
import path from 'node:path';
import { isScannerId, ParseInput, parseReport, SCANNER_IDS } from '@scanrelay/parsers';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { OUTPUT_FORMATS, type OutputFormat, writeFindings } from '../findings-output.js';

export function sourceFromArg(file: string): ParseInput {
  return file === '-' ? new ParseInput({ stream: process.stdin }) : new ParseInput({ path: file });
}

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description('Parse a scanner report and print the normalised findings')
    .argument('<file>', 'the report, or - for standard input')
    .option('-t, --scanner-type <type>', `auto or one of: ${SCANNER_IDS.join(', ')}`, 'auto')
    .option('-f, --format <format>', `output format: ${OUTPUT_FORMATS.join(', ')}`, 'json')
    .option('-o, --output <path>', 'write to a file (atomically) instead of standard output')
    .action(async (file: string, opts: { scannerType: string; format: string; output?: string }) => {
      if (opts.scannerType !== 'auto' && !isScannerId(opts.scannerType)) {
        throw new CliError(
          `--scanner-type: unknown scanner "${opts.scannerType}"; expected auto or one of ${SCANNER_IDS.join(', ')}`,
        );
      }
      if (!(OUTPUT_FORMATS as readonly string[]).includes(opts.format)) {
        throw new CliError(`--format: expected one of ${OUTPUT_FORMATS.join(', ')}, got "${opts.format}"`);
      }
      if (file !== '-') {
        await access(file).catch((e: NodeJS.ErrnoException) => {
          throw new CliError(`cannot read ${file}: ${e.code ?? e.message}`);
        });
      }
      const { scanner, findings } = await parseReport(sourceFromArg(file), {
        scannerType: opts.scannerType,
        onWarning: (m) => process.stderr.write(`scanrelay: ${m}\n`),
        // secureCodeBox's parsers emit one finding per record: so does its export.
        oneFindingPerRecord: opts.format === 'scb',
      });
      const count = await writeFindings(findings, {
        format: opts.format as OutputFormat,
        output: opts.output,
        scanner,
        scanName: file === '-' ? 'stdin' : path.basename(file),
        sourceRoot: process.cwd(),
        onWarning: (m) => process.stderr.write(`scanrelay: ${m}\n`),
      });
      process.stderr.write(`scanrelay: ${scanner}: ${count} finding${count === 1 ? '' : 's'}\n`);
    });
}
