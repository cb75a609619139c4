import type { Finding } from '../finding.js';
import type { ScbReference, ScbSeverity } from '../securecodebox-finding.js';

/**
 * What one scanner's secureCodeBox parser (scanners/<tool>/parser/parser.js) writes, computed from
 * our canonical finding. Every hook is optional; a missing hook keeps the generic mapping.
 *
 * For the optional secureCodeBox fields (location, osi_layer, description, mitigation, references,
 * identified_at) a present hook decides alone: `undefined` leaves the field out, `null` writes null,
 * as secureCodeBox's parser does. For the required ones (name, category, severity) `undefined`
 * falls back to the generic value.
 */
export interface ScbConvention {
  /** False for findings secureCodeBox's parser does not emit at all: they keep the generic mapping. */
  appliesTo?: (f: Finding) => boolean;
  name?: (f: Finding) => string | undefined;
  category?: (f: Finding) => string | undefined;
  severity?: (f: Finding) => ScbSeverity | undefined;
  location?: (f: Finding) => string | null | undefined;
  /** secureCodeBox's `osi_layer`, e.g. `NOT_APPLICABLE`, `APPLICATION`. */
  osiLayer?: (f: Finding) => string | null | undefined;
  description?: (f: Finding) => string | null | undefined;
  mitigation?: (f: Finding) => string | null | undefined;
  references?: (f: Finding) => ScbReference[] | null | undefined;
  identifiedAt?: (f: Finding) => string | null | undefined;
  /** Other top-level fields the parser sets (e.g. trivy's `reference`). */
  extra?: (f: Finding) => Record<string, unknown>;
  /** secureCodeBox's `attributes`, exactly; our own data is added under `attributes.scanrelay`. */
  attributes?: (f: Finding) => Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
export const attr = (f: Finding, key: string): string | undefined => str(f.attributes[key]);
export const pkg = (f: Finding) => (f.location?.kind === 'package' ? f.location : undefined);
