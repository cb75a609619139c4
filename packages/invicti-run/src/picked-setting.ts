import type * as z from 'zod/mini';
import { InvictiSettingsError } from './invicti-run-error.js';

/** A value with the name of the flag or variable it came from, named in errors. */
export interface PickedSetting {
  value: string;
  source: string;
}

/** The first non-empty value among flags and environment variables, trimmed, with where it came from. */
export function pickSetting(...candidates: [string | undefined, string][]): PickedSetting | undefined {
  for (const [value, source] of candidates)
    if (value !== undefined && value.trim() !== '') return { value: value.trim(), source };
  return undefined;
}

/** The picked text read by a setting schema; a refusal is an InvictiSettingsError naming the setting. */
export function readSetting<T>(schema: z.ZodMiniType<T, string>, picked: PickedSetting): T {
  const result = schema.safeParse(picked.value);
  if (result.success) return result.data;
  throw new InvictiSettingsError(picked.source, result.error.issues[0]?.message ?? 'invalid value');
}
