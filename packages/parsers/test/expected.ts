import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir, hasFixtures } from '@scanrelay/test-utils';

/** One row of ../shared/fixtures/defectdojo/EXPECTED.json. */
export interface ExpectedEntry {
  scanner: string;
  scan_type: string;
  file: string;
  expected_findings: number | null;
  notes: string;
  key_assertions: string[];
}

/** DefectDojo's scanner folder names mapped to our parser ids (undefined: a format we do not parse). */
export const DOJO_TO_SCANNER: Record<string, string | undefined> = {
  trivy: 'trivy',
  sarif: 'sarif',
  flawfinder: 'sarif',
  zap: 'zap',
  semgrep: 'semgrep',
  snyk: 'snyk',
  npm_audit: 'npm-audit',
  netsparker: 'invicti',
  invicti: 'invicti',
  trufflehog3: 'trufflehog3',
  trufflehog: 'trufflehog',
  osv_scanner: 'osv-scanner',
  njsscan: 'njsscan',
  eslint: undefined,
  secretlint: undefined,
  retirejs: undefined,
};

export function loadExpected(): ExpectedEntry[] {
  if (!hasFixtures) return [];
  return JSON.parse(
    readFileSync(path.join(fixturesDir, 'defectdojo', 'EXPECTED.json'), 'utf8'),
  ) as ExpectedEntry[];
}

/** The entries of one DefectDojo scanner folder, e.g. `expectedFor('trivy')`. */
export function expectedFor(dojoScanner: string): ExpectedEntry[] {
  return loadExpected().filter((e) => e.scanner === dojoScanner);
}

export function fixturePath(file: string): string {
  return path.join(fixturesDir, 'defectdojo', file);
}
