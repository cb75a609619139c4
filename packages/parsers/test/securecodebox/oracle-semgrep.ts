import type { ScbOracleFinding } from './oracle-gitleaks.js';

/**
 * An independent model of secureCodeBox's semgrep parser (scanners/semgrep/parser/parser.js),
 * written from reading it: a `semgrep --json` report → the findings secureCodeBox emits, one per
 * entry of `results` (ignored ones too), in order.
 */
interface RawResult {
  check_id: string;
  path: string;
  start: { line: number };
  end: { line: number };
  extra: { message?: string; severity: string; metadata: Record<string, unknown> };
}

export function scbSemgrep(report: { results: RawResult[] }): ScbOracleFinding[] {
  const words: Record<string, string> = { info: 'INFORMATIONAL', warning: 'MEDIUM', error: 'HIGH' };
  return report.results.map((result) => {
    const extra = result.extra;
    const metadata = extra.metadata;
    return {
      name: result.check_id,
      location: `${result.path}:${result.start.line}-${result.end.line}`,
      description:
        extra.message ||
        "(No description provided in semgrep rule - when using a custom rule, set the 'message' key)",
      category: (metadata.category as string) || 'semgrep-result',
      severity: words[String(extra.severity).toLowerCase()] ?? 'INFORMATIONAL',
      attributes: {
        cwe: metadata.cwe || null,
        owasp_category: metadata.owasp || null,
        references: metadata.references || null,
        rule_source: metadata.source || null,
      },
    };
  });
}
