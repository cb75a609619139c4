/** One reason a document was refused: where (a JSON path such as `$[3].scan.name`) and why. */
export interface ConversionIssue {
  path: string;
  message: string;
}

/**
 * Raised when a document handed to a conversion (a secureCodeBox findings file) is not what the
 * conversion expects. `issues` lists every failing path; the message names the first few.
 */
export class ConversionError extends Error {
  readonly code = 'CONVERSION_ERROR' as const;
  readonly format: string;
  readonly issues: readonly ConversionIssue[];

  constructor(format: string, issues: readonly ConversionIssue[], options?: { cause?: unknown }) {
    const shown = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`);
    const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
    super(`@scanrelay/findings-schema: invalid ${format}: ${shown.join('; ')}${more}`, options);
    this.name = 'ConversionError';
    this.format = format;
    this.issues = issues;
  }
}

export function isConversionError(e: unknown): e is ConversionError {
  return e instanceof ConversionError;
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
