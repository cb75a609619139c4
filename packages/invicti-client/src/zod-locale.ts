import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * Makes English zod's default locale, as classic zod does when it builds its first schema (and only if
 * no locale is set yet). zod/mini sets none, so without this its messages read only "Invalid input".
 * The modules that check values with mini schemas call it when they load (a launch of the CLI loads no
 * classic zod). It is a call from a module whose own exports are used, not an import for its effect,
 * because bundlers drop those in packages marked `sideEffects: false`.
 */
export function useEnglishZodMessages(): void {
  if (!config().localeError) config(en());
}
