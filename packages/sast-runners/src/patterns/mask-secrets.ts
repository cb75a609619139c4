import { redactSecret } from '@scanrelay/findings-schema';
import { PATTERN_RULES } from './rules.js';

const SECRET_PATTERNS = PATTERN_RULES.filter((r) => r.secret).flatMap((r) =>
  r.patterns.map((p) => new RegExp(p.source, `${p.flags.replace('g', '')}g`)),
);

/** `text` with every value a secret rule recognises replaced by its redacted form. */
export function maskSecrets(text: string): string {
  let masked = text;
  for (const pattern of SECRET_PATTERNS) {
    masked = masked.replace(pattern, (match: string, value: string) =>
      match.replace(value, redactSecret(value).redacted),
    );
  }
  return masked;
}
