import type { Finding } from '@scanrelay/findings-schema';
import { PHOENIX_SEVERITY } from './phoenix-severity.js';

/** A finding as `POST /v1/import/assets` takes it. */
export interface PhoenixFinding {
  name: string;
  description: string;
  remedy: string;
  severity: string;
  location?: string;
  referenceIds?: string[];
  cwes?: string[];
  publishedDateTime?: string;
  details: Record<string, unknown>;
}

const REFERENCE_ID = /^(?:CVE-\d{4}-\d{4,}|GHSA(?:-[0-9a-z]{4}){3})$/i;

function locationText(f: Finding): string | undefined {
  const loc = f.location;
  switch (loc?.kind) {
    case 'source':
      return loc.startLine ? `${loc.file}:${loc.startLine}` : loc.file;
    case 'package':
      return loc.purl ?? (loc.version ? `${loc.name}@${loc.version}` : loc.name);
    case 'url':
      return loc.url;
    case 'host':
      return loc.port !== undefined ? `${loc.host}:${loc.port}` : loc.host;
    default:
      return undefined;
  }
}

function remedyOf(f: Finding): string {
  if (f.mitigation?.trim()) return f.mitigation;
  const loc = f.location;
  if (loc?.kind === 'package' && loc.fixedVersion) return `Upgrade ${loc.name} to ${loc.fixedVersion}`;
  return 'No remedy given by the scanner.';
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, the form Phoenix's import scripts send. */
function publishedOf(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Our finding in Phoenix's shape: severity on the 1–10 scale, `cwes` as `CWE-n`, CVE and GHSA ids
 * in `referenceIds` (other ids such as OSV in `details.otherIds`), remedy from the mitigation.
 */
export function toPhoenixFinding(f: Finding): PhoenixFinding {
  const referenceIds = f.cve.filter((id) => REFERENCE_ID.test(id));
  const otherIds = f.cve.filter((id) => !REFERENCE_ID.test(id));
  const location = locationText(f);
  const published = publishedOf(f.identifiedAt);
  return {
    name: f.name,
    description: f.description?.trim() ? f.description : f.name,
    remedy: remedyOf(f),
    severity: PHOENIX_SEVERITY[f.severity],
    ...(location ? { location } : {}),
    ...(referenceIds.length ? { referenceIds } : {}),
    ...(f.cwe.length ? { cwes: f.cwe } : {}),
    ...(published ? { publishedDateTime: published } : {}),
    details: {
      scanrelayId: f.id,
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      tool: f.tool.name,
      category: f.category,
      ...(f.confidence ? { confidence: f.confidence } : {}),
      ...(f.cvss ? { cvss: f.cvss } : {}),
      ...(otherIds.length ? { otherIds } : {}),
      ...(f.references.length ? { references: f.references.slice(0, 20) } : {}),
      ...(f.occurrences > 1 ? { occurrences: f.occurrences } : {}),
    },
  };
}
