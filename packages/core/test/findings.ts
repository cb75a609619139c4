import { createFinding, type Finding, type Severity } from '@scanrelay/findings-schema';

/** A semgrep-like source finding; `line` and `text` let a test move or reword it. */
export function sast(
  rule: string,
  file: string,
  opts: { line?: number; severity?: Severity; text?: string; tool?: string } = {},
): Finding {
  return createFinding({
    tool: { id: opts.tool ?? 'semgrep', name: opts.tool ?? 'Semgrep' },
    ruleId: rule,
    name: rule,
    description: opts.text ?? `${rule} in ${file}`,
    severity: opts.severity ?? 'high',
    category: 'sast',
    location: { kind: 'source', file, startLine: opts.line ?? 10 },
  });
}

/** A trivy-like package finding. */
export function pkg(
  cve: string,
  name: string,
  version: string,
  severity: Severity = 'medium',
  occurrences = 1,
): Finding {
  return createFinding({
    tool: { id: 'trivy', name: 'Trivy' },
    ruleId: cve,
    name: `${cve} in ${name}`,
    severity,
    category: 'vulnerability',
    location: { kind: 'package', name, version },
    cve: [cve],
    occurrences,
  });
}

export async function* stream<T>(items: T[], failAt?: number): AsyncGenerator<T> {
  for (let i = 0; i < items.length; i++) {
    if (i === failAt) throw new Error(`the upload broke at entry ${i}`);
    yield items[i] as T;
  }
}
