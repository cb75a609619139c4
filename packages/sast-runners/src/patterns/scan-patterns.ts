import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createFinding, type Finding, redactSecret } from '@scanrelay/findings-schema';
import { listFiles } from '../runners/list-files.js';
import { maskSecrets } from './mask-secrets.js';
import type { PatternRule } from './pattern-rule.js';
import { PATTERN_RULES, PATTERNS_VERSION } from './rules.js';

/** Files larger than this are not read (reported in `skipped`). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const MAX_SNIPPET = 300;

export const PATTERNS_TOOL = {
  id: 'patterns',
  name: 'scanrelay patterns',
  version: PATTERNS_VERSION,
} as const;

/** What one rule found on one line, before it becomes a finding. */
export interface PatternMatch {
  rule: PatternRule;
  line: number;
  column: number;
  /** The secret, for secret rules (never leaves the scanner unredacted). */
  secret?: string;
}

function matchLine(
  rule: PatternRule,
  text: string,
  fileText: string,
): Omit<PatternMatch, 'line'> | undefined {
  for (const pattern of rule.patterns) {
    const m = pattern.exec(text);
    if (!m) continue;
    if (rule.alsoOnLine && !rule.alsoOnLine.every((p) => p.test(text))) return undefined;
    if (rule.alsoInFile && !rule.alsoInFile.test(fileText)) return undefined;
    const secret = rule.secret ? m[1] : undefined;
    if (secret !== undefined && rule.isPlaceholder?.(secret)) continue;
    return secret === undefined ? { rule, column: m.index + 1 } : { rule, column: m.index + 1, secret };
  }
  return undefined;
}

/** Every rule's matches in one file's text, line by line. */
export function matchText(text: string, rules: readonly PatternRule[] = PATTERN_RULES): PatternMatch[] {
  const matches: PatternMatch[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    for (const rule of rules) {
      const m = matchLine(rule, line, text);
      if (m) matches.push({ ...m, line: i + 1 });
    }
  }
  return matches;
}

function toFinding(file: string, lineText: string, m: PatternMatch): Finding {
  const snippet = maskSecrets(lineText.trim().slice(0, MAX_SNIPPET));
  return createFinding({
    tool: { ...PATTERNS_TOOL },
    ruleId: m.rule.id,
    name: m.rule.name,
    description: m.rule.description,
    mitigation: m.rule.mitigation,
    severity: m.rule.severity,
    category: m.rule.category,
    confidence: m.rule.severity === 'medium' ? 'medium' : 'high',
    cwe: m.rule.cwe,
    location: { kind: 'source', file, startLine: m.line, column: m.column, snippet },
    ...(m.secret === undefined ? {} : { secret: redactSecret(m.secret) }),
  });
}

/**
 * Runs the pattern rules over every regular file of `dir` (not `.git`, `node_modules`, binary files
 * or files over 8 MiB). `deadline` (epoch ms) stops a scan that takes too long.
 */
export async function scanPatterns(
  dir: string,
  options: { deadline?: number } = {},
): Promise<{ findings: Finding[]; skipped: string[] }> {
  const findings: Finding[] = [];
  const skipped: string[] = [];
  for (const rel of await listFiles(dir)) {
    if (options.deadline !== undefined && Date.now() > options.deadline)
      throw new RangeError('deadline passed');
    const bytes = await readFile(path.join(dir, rel));
    if (bytes.length > MAX_FILE_BYTES || bytes.subarray(0, 8192).includes(0)) {
      skipped.push(rel.slice(2));
      continue;
    }
    const text = bytes.toString('utf8');
    const lines = text.split('\n');
    for (const m of matchText(text)) findings.push(toFinding(rel.slice(2), lines[m.line - 1] ?? '', m));
  }
  return { findings, skipped };
}
