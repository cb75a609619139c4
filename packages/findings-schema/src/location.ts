import * as z from 'zod';

/** A place in source code; lines and columns are 1-based. */
export const sourceLocationSchema = z.object({
  kind: z.literal('source'),
  file: z.string().min(1),
  startLine: z.number().int().nonnegative().optional(),
  endLine: z.number().int().nonnegative().optional(),
  column: z.number().int().nonnegative().optional(),
  endColumn: z.number().int().nonnegative().optional(),
  snippet: z.string().optional(),
});

/** A dependency: an OS or language package, identified by purl where the scanner gives one. */
export const packageLocationSchema = z.object({
  kind: z.literal('package'),
  name: z.string().min(1),
  version: z.string().optional(),
  fixedVersion: z.string().optional(),
  purl: z.string().optional(),
  ecosystem: z.string().optional(),
  /** The file or image layer the package was found in (lock file, image target). */
  path: z.string().optional(),
});

/** A web location, from DAST scanners. */
export const urlLocationSchema = z.object({
  kind: z.literal('url'),
  url: z.string().min(1),
  method: z.string().optional(),
  parameter: z.string().optional(),
});

/** A network host, from infrastructure scanners. */
export const hostLocationSchema = z.object({
  kind: z.literal('host'),
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535).optional(),
  protocol: z.string().optional(),
});

export const locationSchema = z.discriminatedUnion('kind', [
  sourceLocationSchema,
  packageLocationSchema,
  urlLocationSchema,
  hostLocationSchema,
]);

export type SourceLocation = z.infer<typeof sourceLocationSchema>;
export type PackageLocation = z.infer<typeof packageLocationSchema>;
export type UrlLocation = z.infer<typeof urlLocationSchema>;
export type HostLocation = z.infer<typeof hostLocationSchema>;
export type Location = z.infer<typeof locationSchema>;
