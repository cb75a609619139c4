import type { ScbOracleFinding } from './oracle-gitleaks.js';

// biome-ignore lint/suspicious/noExplicitAny: a raw nuclei event, read as loosely as secureCodeBox reads it.
type Event = Record<string, any>;

/**
 * An independent model of secureCodeBox's nuclei parser (scanners/nuclei/parser/parser.js), written
 * from reading it: nuclei `-jsonl` text → the findings secureCodeBox emits, one per non-empty line.
 * Events of nuclei before 2.5 (`templateID`) follow the parser secureCodeBox shipped for them.
 */
export function scbNuclei(jsonl: string): ScbOracleFinding[] {
  return jsonl
    .split('\n')
    .filter((line) => line)
    .map((line) => JSON.parse(line.trim()) as Event)
    .map((e) => (e['template-id'] === undefined && e.templateID !== undefined ? older(e) : current(e)));
}

function adjusted(word: string, unknownAs: string): string {
  if (word === 'CRITICAL') return 'HIGH';
  if (word === 'INFO') return 'INFORMATIONAL';
  if (word === 'UNKNOWN') return unknownAs;
  return word;
}

function hostname(host: unknown): string | null | undefined {
  if (!host) return null;
  try {
    return new URL(host as string).hostname;
  } catch {
    return undefined;
  }
}

function current(e: Event): ScbOracleFinding {
  const links: string[] = e.info?.reference ?? [];
  const cwes: string[] = e.info?.classification?.['cwe-id'] ?? [];
  const cves: string[] = e.info?.classification?.['cve-id'] ?? [];
  const references = [
    ...links.map((value) => ({ type: 'URL', value })),
    ...cwes.flatMap((id) => [
      { type: 'CWE', value: id.toUpperCase() },
      { type: 'URL', value: `https://cwe.mitre.org/data/definitions/${id}.html` },
    ]),
    ...cves.flatMap((id) => [
      { type: 'CVE', value: id.toUpperCase() },
      { type: 'URL', value: `https://nvd.nist.gov/vuln/detail/${id}` },
    ]),
  ];
  return {
    name: e.info.name,
    description:
      e.info?.description ?? `The name of the nuclei rule which triggered the finding: ${e['template-id']}`,
    identified_at: e.timestamp ? new Date(e.timestamp).toISOString() : null,
    location: e.host,
    severity: adjusted(String(e.info.severity).toUpperCase(), 'LOW'),
    category: e['template-id'],
    references: references.length > 0 ? references : null,
    attributes: {
      ip_addresses: e.ip ? [e.ip] : null,
      type: e.type || null,
      hostname: hostname(e.host),
      path: e.path || null,
      tags: e.info?.tags || null,
      reference: e.info?.reference || null,
      author: e.info?.author || null,
      metadata: e.info?.metadata || null,
      timestamp: e.timestamp || null,
      matcher_status: e['matcher-status'] || null,
      matcher_name: e['matcher-name'] || null,
      matched_at: e['matched-at'] || null,
      matched_line: e['matched-line'] || null,
      extracted_results: e['extracted-results'] || null,
      template: e.template,
      template_url: e['template-url'],
      template_id: e['template-id'],
      request: e.request || null,
      response: e.response || null,
      curl_command: e['curl-command'] || null,
    },
  };
}

function older(e: Event): ScbOracleFinding {
  return {
    name: e.info.name,
    description: `The name of the nuclei rule which triggered the finding: ${e.templateID}`,
    location: e.host,
    severity: adjusted(String(e.info.severity).toUpperCase(), 'INFORMATIONAL'),
    category: e.templateID,
    attributes: {
      metadata: e.meta || null,
      ip: e.ip || null,
      timestamp: e.timestamp || null,
      matcher_name: e.matcher_name || null,
      matched: e.matched || null,
      extracted_results: e.extracted_results || null,
      type: e.type || null,
      tags: e.tags || null,
      reference: e.reference || null,
      author: e.author || null,
    },
  };
}
