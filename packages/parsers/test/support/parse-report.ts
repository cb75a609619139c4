import type { Finding } from '@scanrelay/findings-schema';
import { expect } from 'vitest';
import { collect, type ParseOptions, type ParseSource, parseReport } from '../../src/index.js';

type ReportOptions = { scannerType?: string } & ParseOptions;

/** Every finding of a report (`options.scannerType` defaults to auto-detection). */
export async function parseFindings(source: ParseSource, options?: ReportOptions): Promise<Finding[]> {
  return collect((await parseReport(source, options)).findings);
}

/**
 * The findings of a report read with auto-detection (or `options.scannerType`), which must pick
 * `scanner`: the fixtures tests' one way to parse their own reports and DefectDojo's.
 */
export async function parseDetected(
  scanner: string,
  source: ParseSource,
  options: ReportOptions = {},
): Promise<Finding[]> {
  const { scanner: detected, findings } = await parseReport(source, { scannerType: 'auto', ...options });
  expect(detected).toBe(scanner);
  return collect(findings);
}

/** `name` in test/data/`dir` as a file path: `dataDir('tfsec')('tfsec-1.28.json')`. */
export function dataDir(dir: string): (name: string) => string {
  return (name) => new URL(`../data/${dir}/${name}`, import.meta.url).pathname;
}

/** A finding's location of one kind, or undefined. */
export const src = (f: Finding | undefined) => (f?.location?.kind === 'source' ? f.location : undefined);
export const pkg = (f: Finding | undefined) => (f?.location?.kind === 'package' ? f.location : undefined);
export const url = (f: Finding | undefined) => (f?.location?.kind === 'url' ? f.location : undefined);
export const host = (f: Finding | undefined) => (f?.location?.kind === 'host' ? f.location : undefined);
