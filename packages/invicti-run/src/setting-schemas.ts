import * as z from 'zod/mini';
import { FINDINGS_FORMATS, type FindingsFormat } from './findings-format.js';
import { parseDuration } from './parse-duration.js';

/** A text setting read into a value; the issue message says what was expected and what came. */
function textSetting<T>(expected: string, read: (text: string) => T | undefined) {
  return z.pipe(
    z.string(),
    z.transform((text: string, ctx) => {
      const value = read(text);
      if (value !== undefined) return value;
      ctx.issues.push({ code: 'custom', message: `expected ${expected}, got "${text}"`, input: text });
      return z.NEVER;
    }),
  );
}

const BOOLEANS: Record<string, boolean> = {
  true: true,
  '1': true,
  yes: true,
  false: false,
  '0': false,
  no: false,
};

export const booleanSettingSchema = textSetting('true or false', (t) => BOOLEANS[t.toLowerCase()]);

export const httpUrlSettingSchema = textSetting('an absolute http(s) URL', (t) => {
  try {
    const u = new URL(t);
    return u.protocol === 'http:' || u.protocol === 'https:' ? t : undefined;
  } catch {
    return undefined;
  }
});

export const durationSettingSchema = textSetting('a duration such as 30s, 15m or 8h', parseDuration);

export const formatSettingSchema = textSetting(`one of ${FINDINGS_FORMATS.join(', ')}`, (t) =>
  (FINDINGS_FORMATS as readonly string[]).includes(t) ? (t as FindingsFormat) : undefined,
);

export const actionSettingSchema = textSetting('Scan or Issues', (t) => {
  const v = t.toLowerCase();
  return v === 'scan' || v === 'issues' ? v : undefined;
});
