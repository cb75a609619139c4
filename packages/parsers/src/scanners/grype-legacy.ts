import { z } from 'zod';

/**
 * The shapes older grype releases wrote, read alongside the current ones (grype's presenter models):
 * - up to about 0.6, `matchDetails` was one object `{matcher, searchKey, matchedOn}`, later an array
 *   of `{type, matcher, searchedBy, found}`;
 * - the vulnerability had `links` (now `urls`), `cvssV2`/`cvssV3` objects `{baseScore, vector}` (now
 *   a `cvss[]` list) and `fixedInVersion` (now `fix {versions[], state}`);
 * - a directory source listed `artifact.locations` as plain paths, an image source as objects.
 */
const text = z.string().nullish();

const matchDetailSchema = z.object({ type: text, matcher: text }).loose();
/** Either form of `matchDetails`, always read as a list. */
export const grypeMatchDetailsSchema = z
  .union([z.array(matchDetailSchema), matchDetailSchema])
  .nullish()
  .transform((d) => (d == null ? [] : Array.isArray(d) ? d : [d]));

const locationSchema = z.object({ path: text, layerID: text }).loose();
/** `artifact.locations` as objects, whether written as objects or as paths. */
export const grypeLocationsSchema = z
  .array(z.union([z.string(), locationSchema]))
  .nullish()
  .transform((list) =>
    (list ?? []).map((l) => (typeof l === 'string' ? { path: l, layerID: undefined } : l)),
  );

const legacyCvssSchema = z.object({ baseScore: z.number().nullish(), vector: text }).loose().nullish();
/** The vulnerability fields only older releases wrote. */
export const grypeLegacyVulnerabilityFields = {
  links: z.array(z.string()).nullish(),
  cvssV2: legacyCvssSchema,
  cvssV3: legacyCvssSchema,
  fixedInVersion: text,
};

type LegacyCvss = z.infer<typeof legacyCvssSchema>;
/** One entry of the current `cvss[]` list (the fields we read). */
export interface GrypeCvss {
  type?: string | null;
  version?: string | null;
  vector?: string | null;
  metrics?: { baseScore?: number | null } | null;
}

function fromLegacyCvss(c: LegacyCvss, fallbackVersion: string): GrypeCvss[] {
  if (!c || (c.baseScore == null && !c.vector)) return [];
  const version = /^CVSS:(\d+\.\d+)\//.exec(c.vector ?? '')?.[1] ?? fallbackVersion;
  return [{ version, vector: c.vector, metrics: { baseScore: c.baseScore } }];
}

/** The current `cvss[]` list, from `cvss` or from the older `cvssV3`/`cvssV2` objects. */
export function grypeCvssList(v: {
  cvss?: GrypeCvss[] | null;
  cvssV2?: LegacyCvss;
  cvssV3?: LegacyCvss;
}): GrypeCvss[] {
  if (v.cvss?.length) return v.cvss;
  return [...fromLegacyCvss(v.cvssV3, '3.0'), ...fromLegacyCvss(v.cvssV2, '2.0')];
}

/** The current `fix`, from `fix` or from the older `fixedInVersion` (a version there means fixed). */
export function grypeFix(v: {
  fix?: { versions?: string[] | null; state?: string | null } | null;
  fixedInVersion?: string | null;
}): { versions: string[]; state?: string } | undefined {
  if (v.fix) return { versions: v.fix.versions ?? [], state: v.fix.state ?? undefined };
  return v.fixedInVersion ? { versions: [v.fixedInVersion], state: 'fixed' } : undefined;
}
