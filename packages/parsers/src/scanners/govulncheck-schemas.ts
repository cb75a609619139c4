import { z } from 'zod';

const text = z.string().nullish();

/** The parts of an OSV entry we read (govulncheck's `osv` message, the pre-1.0 `Vulns[].OSV`). */
export const osvSchema = z
  .object({
    id: z.string().min(1),
    summary: text,
    details: text,
    aliases: z.array(z.string()).nullish(),
    published: text,
    modified: text,
    references: z.array(z.object({ type: text, url: text }).loose()).nullish(),
    database_specific: z.object({ url: text }).loose().nullish(),
    severity: z.array(z.object({ type: text, score: text }).loose()).nullish(),
    affected: z
      .array(
        z
          .object({
            package: z.object({ name: text, ecosystem: text }).loose().nullish(),
            ranges: z
              .array(z.object({ events: z.array(z.record(z.string(), z.unknown())).nullish() }).loose())
              .nullish(),
          })
          .loose(),
      )
      .nullish(),
  })
  .loose();
export type Osv = z.infer<typeof osvSchema>;

const positionSchema = z
  .object({ filename: text, line: z.number().nullish(), column: z.number().nullish() })
  .loose()
  .nullish();

/** A frame of a `finding` trace: the vulnerable symbol first, the program's entry point last. */
const frameSchema = z
  .object({
    module: z.string().min(1),
    version: text,
    package: text,
    function: text,
    receiver: text,
    position: positionSchema,
  })
  .loose();
export type Frame = z.infer<typeof frameSchema>;

/** govulncheck ≥ 1.0 `{"finding": {…}}` message. */
export const findingSchema = z
  .object({
    osv: z.string().min(1),
    fixed_version: text,
    trace: z.array(frameSchema).min(1),
  })
  .loose();

/** govulncheck ≥ 1.0 `{"config": {…}}` message. */
export const configSchema = z
  .object({
    protocol_version: text,
    scanner_name: text,
    scanner_version: text,
    scan_level: text,
    scan_mode: text,
  })
  .loose();

const legacyFrameSchema = z
  .object({
    PkgPath: text,
    FuncName: text,
    RecvType: text,
    Position: z
      .object({ Filename: text, Line: z.number().nullish(), Column: z.number().nullish() })
      .loose()
      .nullish(),
  })
  .loose();

/**
 * One entry of the pre-1.0 `{"Vulns": […]}` output: v0.1/v0.2 (2023: `Modules[].Packages[].CallStacks`)
 * or v0.0.x (2022: `Symbol`, `PkgPath`, `ModPath`, `CallSink`, `ImportSink`, `RequireSink`).
 */
export const legacyVulnSchema = z
  .object({
    OSV: osvSchema,
    Modules: z
      .array(
        z
          .object({
            Path: z.string().min(1),
            FoundVersion: text,
            FixedVersion: text,
            Packages: z
              .array(
                z
                  .object({
                    Path: text,
                    CallStacks: z
                      .array(z.object({ Symbol: text, Frames: z.array(legacyFrameSchema).nullish() }).loose())
                      .nullish(),
                  })
                  .loose(),
              )
              .nullish(),
          })
          .loose(),
      )
      .nullish(),
    Symbol: text,
    PkgPath: text,
    ModPath: text,
    CallSink: z.number().nullish(),
    ImportSink: z.number().nullish(),
  })
  .loose();
export type LegacyVuln = z.infer<typeof legacyVulnSchema>;
