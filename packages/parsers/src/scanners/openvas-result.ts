import type { FindingDraft, Severity } from '@scanrelay/findings-schema';
import type { ParseOptions } from '../scanner-parser.js';
import { cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { isoDate, putString } from './support/field-readers.js';
import { severityOf } from './support/severity-of.js';

export const OPENVAS = 'openvas';

/**
 * One OpenVAS/Greenbone result, whether read from the XML report or the CSV export: the same fields
 * under the names the XML gives them.
 */
export interface OpenvasResult {
  /** The NVT's OID (`1.3.6.1.4.1.25623.1.0.108102`); the rule id. */
  oid?: string;
  name?: string;
  host?: string;
  hostname?: string;
  /** `443/tcp`, `general/tcp`, `package` or a port number with `protocol`. */
  port?: string;
  protocol?: string;
  /** The threat word: High, Medium, Low, Log, Debug, Alarm, False Positive. */
  threat?: string;
  /** The severity score 0.0–10.0 (-1 false positive, -2 error, -3 debug). */
  score?: string;
  cvssVector?: string;
  cves: string[];
  cwe?: string;
  references: string[];
  summary?: string;
  insight?: string;
  impact?: string;
  result?: string;
  solution?: string;
  solutionType?: string;
  qod?: string;
  family?: string;
  time?: string;
  resultId?: string;
  task?: string;
  epssScore?: string;
  epssPercentile?: string;
}

/** OpenVAS's threat words; OpenVAS has no Critical level (a 9.8 result is High). */
const THREAT: Readonly<Record<string, Severity>> = {
  LOG: 'info',
  DEBUG: 'info',
  'FALSE POSITIVE': 'info',
  ALARM: 'high',
  NONE: 'info',
};

/** The severity class of a score, as OpenVAS's NVD classes (0 none, 0.1–3.9 low, 4–6.9 medium, 7+ high). */
function bandOf(score: number): Severity {
  if (score <= 0) return 'info';
  if (score < 4) return 'low';
  return score < 7 ? 'medium' : 'high';
}

function severity(r: OpenvasResult, options: ParseOptions | undefined, where: string): Severity {
  if (r.threat?.trim()) return severityOf(r.threat, options, `${where}: threat`, THREAT);
  const score = Number(r.score);
  if (r.score?.trim() && Number.isFinite(score)) return bandOf(score);
  return severityOf(undefined, options, `${where}: threat`);
}

/** `443/tcp` → 443 and tcp; `general/tcp` → tcp only; a bare number with the protocol column. */
function portOf(r: OpenvasResult): { port?: number; protocol?: string } {
  const raw = r.port?.trim() ?? '';
  const slash = raw.indexOf('/');
  const num = slash < 0 ? raw : raw.slice(0, slash);
  const protocol = slash < 0 ? r.protocol?.trim() : raw.slice(slash + 1).trim();
  const port = /^\d{1,5}$/.test(num) && Number(num) <= 65535 ? Number(num) : undefined;
  return { port, protocol: protocol || undefined };
}

/** A CVSS v2 vector without prefix (`AV:N/AC:L/Au:N/C:P/I:P/A:P`), as older NVTs give it. */
const CVSS2 = /^AV:[LAN]\/AC:[HML]\/Au:[MSN]\//;

/** Splits `CVE-1, CVE-2` (the CSV's list and old XML's `<cve>`); `NOCVE` is none. */
export function listOf(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(
      (s) =>
        s !== '' &&
        s.toUpperCase() !== 'NOCVE' &&
        s.toUpperCase() !== 'NOBID' &&
        s.toUpperCase() !== 'NOCERT',
    );
}

export function openvasDraft(
  r: OpenvasResult,
  options: ParseOptions | undefined,
  where: string,
): FindingDraft | undefined {
  const host = r.host?.trim() || r.hostname?.trim();
  if (!host) return undefined;
  const { port, protocol } = portOf(r);
  const vector = r.cvssVector?.trim();
  const score = r.score?.trim() && Number(r.score) >= 0 ? r.score : undefined;
  const name = r.name?.trim() || r.oid?.trim() || 'OpenVAS result';
  const attributes: Record<string, unknown> = {};
  if (r.hostname?.trim() && r.hostname.trim() !== host) attributes.hostname = r.hostname.trim();
  putString(attributes, 'portName', port === undefined ? r.port?.trim() : undefined);
  putString(attributes, 'threat', r.threat?.trim());
  putString(attributes, 'qod', r.qod?.trim());
  putString(attributes, 'family', r.family);
  putString(attributes, 'solutionType', r.solutionType?.trim());
  putString(attributes, 'resultId', r.resultId?.trim());
  putString(attributes, 'task', r.task?.trim());
  putString(attributes, 'epssScore', r.epssScore?.trim());
  putString(attributes, 'epssPercentile', r.epssPercentile?.trim());
  const description = [
    r.summary?.trim() && `Summary: ${r.summary.trim()}`,
    r.insight?.trim() && `Insight: ${r.insight.trim()}`,
    r.impact?.trim() && `Impact: ${r.impact.trim()}`,
    r.result?.trim() && `Detection result:\n${r.result.trim()}`,
  ].filter(Boolean);
  return {
    tool: { id: OPENVAS, name: 'OpenVAS' },
    ruleId: r.oid?.trim() || name,
    name,
    description: description.length > 0 ? description.join('\n\n') : undefined,
    severity: severity(r, options, where),
    category: 'Network',
    location: { kind: 'host', host, port, protocol },
    cwe: cweIds(r.cwe),
    // Greenbone's CVE scanner names the CVE itself as the NVT (OID `CVE-2014-0117`).
    cve: [...new Set([...(/^CVE-\d{4}-\d+$/.test(r.oid?.trim() ?? '') ? [r.oid!.trim()] : []), ...r.cves])],
    cvss: vector && CVSS2.test(vector) ? cvssOf(vector, score, '2.0') : cvssOf(vector, score),
    references: [...new Set(r.references.filter((x) => x.trim() !== ''))].slice(0, 25),
    mitigation: r.solution?.trim() || undefined,
    identifiedAt: isoDate(r.time),
    attributes,
  };
}
