import type { SourceLocation } from '@scanrelay/findings-schema';

/** A place in `file`: the end line is kept only where it lies past the start line. */
export function sourceLines(
  file: string,
  startLine: number | undefined,
  endLine: number | undefined,
): SourceLocation {
  return {
    kind: 'source',
    file,
    startLine,
    endLine: endLine !== undefined && startLine !== undefined && endLine > startLine ? endLine : undefined,
  };
}
