import { createFinding, type Finding, type FindingDraft } from '@scanrelay/findings-schema';
import { ParseError, type ParseErrorWhere } from '../../parse-error.js';

/** PostgreSQL text cannot hold NUL; scanners sometimes copy binary file content into snippets. */
function clean(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
}
function hasNul(v: unknown): boolean {
  return typeof v === 'string' && v.includes('\u0000');
}

/** A copy of the draft with NUL characters in its texts replaced (rare: only then is it copied). */
function withoutNul(draft: FindingDraft): FindingDraft {
  const d: FindingDraft = { ...draft };
  if (typeof d.name === 'string') d.name = clean(d.name);
  if (typeof d.description === 'string') d.description = clean(d.description);
  if (typeof d.mitigation === 'string') d.mitigation = clean(d.mitigation);
  if (d.location?.kind === 'source' && d.location.snippet !== undefined) {
    d.location = { ...d.location, snippet: clean(d.location.snippet) };
  }
  return d;
}

/**
 * Builds a finding from a draft, turning a draft the model refuses into a ParseError that names the
 * scanner, the place in the report and the field that failed. NUL characters in text become U+FFFD.
 * The draft is not modified (`createFinding` copies what it keeps), so it is copied only to remove NULs.
 */
export function toFinding(scanner: string, where: ParseErrorWhere, draft: FindingDraft): Finding {
  const location = draft.location;
  const d =
    hasNul(draft.name) ||
    hasNul(draft.description) ||
    hasNul(draft.mitigation) ||
    (location?.kind === 'source' && hasNul(location.snippet))
      ? withoutNul(draft)
      : draft;
  try {
    return createFinding(d);
  } catch (cause) {
    const issue = (cause as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
    const field = issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : String(cause);
    throw new ParseError(scanner, where, 'a value the findings model accepts', { cause, got: field });
  }
}
