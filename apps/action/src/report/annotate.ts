import path from 'node:path';
import type { AnnotationProperties } from '@actions/core';
import type { Highlight } from './highlight.js';

/** GitHub shows at most this many error and this many warning annotations per step. */
const ANNOTATION_LIMIT = 10;

export interface Annotation {
  level: 'error' | 'warning';
  message: string;
  properties: AnnotationProperties;
}

/** A file as GitHub expects it: relative to the workspace, forward slashes. */
function workspacePath(file: string, workspace: string | undefined): string {
  const relative = workspace && path.isAbsolute(file) ? path.relative(workspace, file) : file;
  return relative.split(path.sep).join('/').replace(/^\.\//, '');
}

/**
 * The annotations of the top findings: critical and high as errors, medium and low as warnings (info
 * none), at most ANNOTATION_LIMIT of each, on the file and line when the finding has them. A step
 * that fails keeps one error for its own failure message (`reserveError`).
 */
export function annotationsOf(
  highlights: Highlight[],
  opts: { workspace?: string; reserveError?: boolean } = {},
): Annotation[] {
  const out: Annotation[] = [];
  const used = { error: opts.reserveError ? 1 : 0, warning: 0 };
  for (const h of highlights) {
    if (h.severity === 'info') continue;
    const level = h.severity === 'critical' || h.severity === 'high' ? 'error' : 'warning';
    if (used[level] >= ANNOTATION_LIMIT) continue;
    used[level] += 1;
    const properties: AnnotationProperties = {
      title: `${h.severity}: ${h.title}`.slice(0, 255),
      ...(h.file ? { file: workspacePath(h.file, opts.workspace) } : {}),
      ...(h.file && h.line ? { startLine: h.line } : {}),
    };
    const rule = h.ruleId ? ` (${h.ruleId})` : '';
    const where = h.where ? ` at ${h.where}` : '';
    out.push({ level, message: `${h.tool}${rule}: ${h.title}${where}`, properties });
  }
  return out;
}
