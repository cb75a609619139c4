import type { Finding } from '../finding.js';

/** What one scanner's secureCodeBox parser writes differently from the generic mapping. */
export interface ScbConvention {
  name?: (f: Finding) => string;
  category?: (f: Finding) => string;
  location?: (f: Finding) => string | undefined;
  mitigation?: (f: Finding) => string | undefined;
  /** Extra attributes under the names secureCodeBox's own parser uses. */
  attributes?: (f: Finding) => Record<string, unknown>;
}

export const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v : undefined;
export const attr = (f: Finding, key: string): string | undefined => str(f.attributes[key]);
export const pkg = (f: Finding) => (f.location?.kind === 'package' ? f.location : undefined);
export const url = (f: Finding) => (f.location?.kind === 'url' ? f.location : undefined);
