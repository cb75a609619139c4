import { z } from 'zod';

/** A yes/no setting that the environment gives as `true`/`false` (or `1`/`0`, `yes`/`no`). */
const BOOLEAN_WORDS = new Map([
  ['true', true],
  ['1', true],
  ['yes', true],
  ['false', false],
  ['0', false],
  ['no', false],
]);

export const flag = z.preprocess(
  (v) => (typeof v === 'string' ? (BOOLEAN_WORDS.get(v.trim().toLowerCase()) ?? v) : v),
  z.boolean(),
);

/** A list that the environment gives as one comma-separated string. */
export const commaList = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    schema,
  );

/**
 * A PEM block from the file or the environment. CI systems often keep a multi-line secret on one line
 * with literal `\n`: such a value (one without a real line break) gets its line breaks back.
 */
export const pem = z.preprocess(
  (v) => (typeof v === 'string' && !v.includes('\n') ? v.replaceAll('\\n', '\n') : v),
  z
    .string()
    .trim()
    .refine((s) => s.startsWith('-----BEGIN ') && s.includes('\n-----END '), 'expected a PEM block'),
);
