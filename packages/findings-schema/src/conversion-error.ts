/** One reason a document was refused: where (a JSON path such as `$[3].scan.name`) and why. */
export interface ConversionIssue {
  path: string;
  message: string;
}

const PREFIX = '@scanrelay/findings-schema: ';

/** Set on every instance, so two copies of this package (two versions in one tree) recognise each other's errors. */
const BRAND = Symbol.for('@scanrelay/findings-schema/error');

/**
 * Raised when a document handed to a conversion (a secureCodeBox findings file) is not what the
 * conversion expects. `issues` lists every failing path; the message names the first few, and
 * `detail` is the message without the package prefix.
 */
export class ConversionError extends Error {
  readonly code = 'CONVERSION_ERROR' as const;
  readonly detail: string;
  readonly format: string;
  readonly issues: readonly ConversionIssue[];

  constructor(format: string, issues: readonly ConversionIssue[], options?: { cause?: unknown }) {
    const shown = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`);
    const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
    const detail = `invalid ${format}: ${shown.join('; ')}${more}`;
    super(`${PREFIX}${detail}`, options);
    this.name = 'ConversionError';
    this.detail = detail;
    Object.defineProperty(this, BRAND, { value: true });
    this.format = format;
    this.issues = issues;
  }
}

/** True for a `ConversionError`, also one thrown by another copy of this package. */
export function isConversionError(e: unknown): e is ConversionError {
  return e instanceof ConversionError || (typeof e === 'object' && e !== null && BRAND in e);
}

/** `['findings', 3, 'scan']` -> `$.findings[3].scan`; `[]` -> `$`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}
