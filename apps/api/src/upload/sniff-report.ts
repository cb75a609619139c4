import { open } from 'node:fs/promises';
import { detectScanner, isScannerId, ParseError, SCANNER_IDS, type ScannerId } from '@scanrelay/parsers';
import { ApiProblem } from '../errors/api-problem.js';
import { checkJsonSyntax } from './check-json-syntax.js';

/**
 * Decides, before a job is accepted, that a stored upload is a report a worker can parse: not
 * empty, of a known (or detected) scanner, and — for JSON reports — well-formed to the last byte.
 * Throws ApiProblem (400) with the reason.
 */
export async function sniffReport(file: string, scannerType: string): Promise<ScannerId> {
  const head = await readHead(file, 4096);
  if (head.trim() === '') throw new ApiProblem('REPORT_EMPTY', 'the report is empty');
  const first = head.trimStart()[0];
  if (first === '{' || first === '[') {
    const broken = await checkJsonSyntax(file);
    if (broken) {
      throw new ApiProblem(
        'REPORT_INVALID',
        `the report is not valid JSON at byte ${broken.offset}: ${broken.message}`,
        {
          errors: [{ path: 'file', message: broken.message }],
        },
      );
    }
  }
  let scanner: ScannerId;
  if (scannerType === 'auto') {
    try {
      scanner = (await detectScanner({ path: file })).scanner;
    } catch (err) {
      if (err instanceof ParseError) {
        throw new ApiProblem(
          'REPORT_UNRECOGNISED',
          `could not tell which scanner wrote this report: ${err.message}`,
          {
            errors: [{ path: 'file', message: err.message }],
          },
        );
      }
      throw err;
    }
  } else if (isScannerId(scannerType)) {
    scanner = scannerType;
  } else {
    throw new ApiProblem('VALIDATION_FAILED', `unknown scanner_type "${scannerType}"`, {
      errors: [{ path: 'scanner_type', message: `expected auto or one of: ${SCANNER_IDS.join(', ')}` }],
    });
  }
  return scanner;
}

async function readHead(file: string, size: number): Promise<string> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(size);
    const { bytesRead } = await fh.read(buf, 0, size, 0);
    return buf
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  } finally {
    await fh.close();
  }
}
