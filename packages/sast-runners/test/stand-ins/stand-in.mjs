// Shared body of the semgrep, njsscan and trufflehog stand-ins: prints a recorded real report of the
// tool from the DefectDojo fixtures (read from ../shared/fixtures at run time, never copied here).
import { readFileSync } from 'node:fs';
import path from 'node:path';

const REPORTS = {
  semgrep: { file: 'semgrep/many_findings.json', version: '1.30.0' },
  njsscan: { file: 'njsscan/njsscan_many_vuln.json', version: '0.4.3' },
  trufflehog: { file: 'trufflehog/v3_github.json', version: '3.63.2' },
};

export function standIn(tool) {
  const { file, version } = REPORTS[tool];
  if (process.argv.includes('--version')) {
    console.log(`${tool} ${version} (scanrelay stand-in)`);
    return;
  }
  const repoRoot = path.resolve(import.meta.dirname, '../../../..');
  const fixtures = process.env.SCANRELAY_FIXTURES ?? path.resolve(repoRoot, '../shared/fixtures');
  const report = process.env.SCANRELAY_STAND_IN_REPORT ?? file;
  process.stdout.write(readFileSync(path.join(fixtures, 'defectdojo', report)));
}
