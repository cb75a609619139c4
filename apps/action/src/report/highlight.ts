import type { SecurityFinding } from '@scanrelay/client';
import type { Finding, Severity } from '@scanrelay/findings-schema';

/** One finding as the summary and the annotations show it. */
export interface Highlight {
  severity: Severity;
  title: string;
  tool: string;
  ruleId?: string;
  /** A path in the repository, when the finding points into source. */
  file?: string;
  line?: number;
  /** What the finding points at when it is not a source line: a URL, a package, a host. */
  where?: string;
}

/** A canonical finding as a highlight. */
export function highlightOfFinding(f: Finding): Highlight {
  const base = { severity: f.severity, title: f.name, tool: f.tool.name, ruleId: f.ruleId };
  const loc = f.location;
  if (!loc) return base;
  switch (loc.kind) {
    case 'source':
      return { ...base, file: loc.file, ...(loc.startLine ? { line: loc.startLine } : {}) };
    case 'package':
      return {
        ...base,
        where: loc.version ? `${loc.name}@${loc.version}` : loc.name,
        ...(loc.path ? { file: loc.path } : {}),
      };
    case 'url':
      return { ...base, where: loc.method ? `${loc.method} ${loc.url}` : loc.url };
    case 'host':
      return { ...base, where: loc.port === undefined ? loc.host : `${loc.host}:${loc.port}` };
  }
}

/** A finding of a project's security view as a highlight. */
export function highlightOfSecurityFinding(f: SecurityFinding): Highlight {
  return {
    severity: f.severity,
    title: f.title,
    tool: f.provider,
    ...(f.ruleId ? { ruleId: f.ruleId } : {}),
    ...(f.file ? { file: f.file } : {}),
    ...(f.line ? { line: f.line } : {}),
  };
}
