import { z } from 'zod';

const text = z.string().nullish();
const score = z.union([z.number(), z.string()]).nullish();
const fixSchema = z
  .object({ fixResolution: text, url: text, type: text, date: text, message: text })
  .loose()
  .nullish();

/** A library as the legacy exports and the Unified Agent's `-generateScanReport` JSON describe it. */
const mendLibrarySchema = z
  .object({
    name: text,
    filename: text,
    artifactId: text,
    groupId: text,
    version: text,
    type: text,
    description: text,
    sha1: text,
  })
  .loose();
export type MendLibrary = z.infer<typeof mendLibrarySchema>;

/**
 * One vulnerability of the legacy WhiteSource/Mend JSON: the "Vulnerabilities" export (`library`
 * inside) or an entry of `libraries[].vulnerabilities[]` of the Unified Agent scan report.
 */
export const mendVulnerabilitySchema = z
  .object({
    name: z.string().min(1),
    type: text,
    severity: text,
    score: score,
    cvss3_severity: text,
    cvss3_score: score,
    scoreMetadataVector: text,
    publishDate: text,
    url: text,
    description: text,
    project: text,
    product: text,
    library: mendLibrarySchema.nullish(),
    topFix: fixSchema,
    sourceFiles: z.array(z.object({ localPath: text }).loose()).nullish(),
    locations: z.array(z.object({ path: text }).loose()).nullish(),
  })
  .loose();
export type MendVulnerability = z.infer<typeof mendVulnerabilitySchema>;

/** One library of the Unified Agent scan report (`-generateScanReport`): its vulnerabilities inside. */
export const mendReportLibrarySchema = mendLibrarySchema.extend({
  vulnerabilities: z.array(z.unknown()).nullish(),
});

/** One entry of `response[]` of the Mend SCA platform API 3.0 security findings export. */
export const mendPlatformFindingSchema = z
  .object({
    uuid: text,
    name: z.string().min(1),
    type: text,
    component: z
      .object({
        name: z.string().min(1),
        artifactId: text,
        groupId: text,
        version: text,
        libraryType: text,
        path: text,
        dependencyType: text,
        description: text,
      })
      .loose(),
    findingInfo: z.object({ status: text, detectedAt: text }).loose().nullish(),
    project: z.object({ name: text }).loose().nullish(),
    application: z.object({ name: text }).loose().nullish(),
    vulnerability: z
      .object({
        name: text,
        type: text,
        description: text,
        score: score,
        severity: text,
        publishDate: text,
      })
      .loose(),
    topFix: fixSchema,
    scoreMetadataVector: text,
    exploitable: z.union([z.string(), z.boolean()]).nullish(),
    threatAssessment: z.object({ epssPercentage: score }).loose().nullish(),
  })
  .loose();
export type MendPlatformFinding = z.infer<typeof mendPlatformFindingSchema>;
