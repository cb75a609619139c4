import type { Confidence, Cvss } from '@scanrelay/findings-schema';
import { cvssOf } from './support/cvss.js';

/** Every Invicti/Netsparker finding carries this tool name: the fingerprint depends on it. */
export const INVICTI_TOOL = { id: 'invicti', name: 'Invicti' } as const;

/**
 * Invicti writes dates in the account's format: `25/06/2021 09:59 AM`, `03/02/2019 15:50:29 (UTC-06:00)`,
 * `2024-10-08 02:33 PM` or ISO 8601. Day-first unless the second number cannot be a month; without a
 * zone the time is taken as UTC. Returns an ISO string, or undefined when the text is not a date.
 */
export function invictiDate(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const m =
    /^\s*(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(AM|PM)?)?\s*(?:\(UTC([+-]\d{2}):?(\d{2})\)|Z|([+-]\d{2}):?(\d{2}))?\s*$/i.exec(
      text,
    );
  if (!m) return undefined;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let year: number;
  let month: number;
  let day: number;
  if ((m[1] ?? '').length === 4) [year, month, day] = [a, b, c];
  else if (b > 12) [year, month, day] = [c, a, b];
  else [year, month, day] = [c, b, a];
  let hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  const half = m[7]?.toUpperCase();
  if (half === 'PM' && hour < 12) hour += 12;
  if (half === 'AM' && hour === 12) hour = 0;
  const zh = m[8] ?? m[10];
  const zm = m[9] ?? m[11];
  const offsetMinutes = zh ? Math.sign(Number(zh)) * (Math.abs(Number(zh)) * 60 + Number(zm ?? 0)) : 0;
  if (
    year < 1970 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return undefined;
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined; // e.g. 31/02
  return new Date(
    Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000,
  ).toISOString();
}

/** Certainty (0–100) or a confirmed issue as a confidence level. */
export function invictiConfidence(certainty: unknown, confirmed: unknown): Confidence | undefined {
  if (confirmed === true) return 'high';
  const n = Number(certainty);
  if (certainty === undefined || certainty === null || !Number.isFinite(n)) return undefined;
  return n >= 90 ? 'high' : n >= 50 ? 'medium' : 'low';
}

interface ReportCvss {
  Vector?: string | null;
  BaseScore?: { Value?: string | number | null } | null;
}

/** The report's CVSS blocks, 3.1 preferred, then 3.0, then 4.0 (scores as Invicti computed them). */
export function invictiReportCvss(
  classification: Record<string, unknown> | null | undefined,
): Cvss | undefined {
  for (const k of ['Cvss31', 'Cvss', 'Cvss40']) {
    const c = classification?.[k] as ReportCvss | null | undefined;
    const found = c?.Vector ? cvssOf(c.Vector, c.BaseScore?.Value ?? undefined) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** The vulnerable parameter names of a request, or all names when none is flagged, joined by ", ". */
export function invictiParameter(params: unknown): string | undefined {
  if (!Array.isArray(params)) return undefined;
  const named = params.filter(
    (p): p is { Name: string; Vulnerable?: unknown } =>
      typeof p === 'object' && p !== null && typeof p.Name === 'string' && p.Name !== '',
  );
  const flagged = named.filter((p) => p.Vulnerable === true);
  const names = [...new Set((flagged.length > 0 ? flagged : named).map((p) => p.Name))].sort();
  return names.length > 0 ? names.join(', ') : undefined;
}

/** Classification entries worth keeping (OWASP, WASC, CAPEC, PCI…), without empty strings and CVSS blocks. */
export function invictiClassification(
  classification: Record<string, unknown> | null | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(classification ?? {})) {
    if (typeof v === 'string' && v.trim() !== '' && k !== 'Cwe') out[k] = v;
  }
  return out;
}
