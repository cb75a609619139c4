import type { Finding, Severity } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { type CppcheckError, type CppcheckLocation, readCppcheckXml } from './cppcheck-xml.js';
import { cweIds } from './support/cwe-ids.js';
import { nonBlankString, positiveIntegerLike } from './support/field-readers.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'cppcheck';
/** cppcheck's severities (`--enable=`): defects high/medium, code-quality classes low, notes info. */
const CPPCHECK_SEVERITY: Readonly<Record<string, Severity>> = {
  ERROR: 'high',
  WARNING: 'medium',
  STYLE: 'low',
  PERFORMANCE: 'low',
  PORTABILITY: 'low',
  INFORMATION: 'info',
  DEBUG: 'info',
  NONE: 'info',
};
/** A summary of the checkers that ran (cppcheck 2.13+), not a finding about the code. */
const NOT_FINDINGS = new Set(['checkersReport']);

function sourceLocation(loc: CppcheckLocation | undefined, fallbackFile: string | undefined) {
  const file = nonBlankString(loc?.file) ?? nonBlankString(fallbackFile);
  if (!file) return undefined;
  return {
    kind: 'source' as const,
    file,
    startLine: positiveIntegerLike(loc?.line),
    column: positiveIntegerLike(loc?.column),
  };
}

function toCppcheckFinding(
  e: CppcheckError,
  version: string | undefined,
  options: ParseOptions | undefined,
): Finding {
  const a = e.attributes;
  const id = nonBlankString(a.id) ?? 'cppcheck';
  const msg = nonBlankString(a.msg) ?? id;
  const verbose = nonBlankString(a.verbose);
  const [primary, ...trace] = e.locations;
  return toFinding(
    SCANNER,
    { line: e.line },
    {
      tool: { id: SCANNER, name: 'Cppcheck', ...(version ? { version } : {}) },
      ruleId: id,
      name: msg,
      description: verbose && verbose !== msg ? verbose : undefined,
      severity: severityOf(a.severity, options, `line ${e.line}: severity`, CPPCHECK_SEVERITY),
      confidence: a.inconclusive === 'true' ? 'low' : undefined,
      category: 'SAST',
      location: sourceLocation(primary, a.file0),
      cwe: cweIds(a.cwe),
      attributes: {
        severity: a.severity,
        ...(a.inconclusive === 'true' ? { inconclusive: true } : {}),
        ...(a.hash ? { hash: a.hash } : {}),
        ...(a.file0 && a.file0 !== primary?.file ? { file0: a.file0 } : {}),
        ...(e.symbols.length > 0 ? { symbols: e.symbols } : {}),
        ...(trace.length > 0
          ? {
              trace: trace.map((l) => ({
                file: l.file,
                line: positiveIntegerLike(l.line),
                column: positiveIntegerLike(l.column),
                ...(l.info ? { info: l.info } : {}),
              })),
            }
          : {}),
      },
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const head = await input.headText(4096);
  const version = /<cppcheck\s+version="([0-9][0-9A-Za-z.+-]{0,30})"/.exec(head)?.[1];
  for await (const e of readCppcheckXml(input)) {
    if (NOT_FINDINGS.has(e.attributes.id ?? '')) continue;
    yield toCppcheckFinding(e, version, options);
  }
}

export const cppcheckParser = defineParser({
  id: SCANNER,
  name: 'Cppcheck',
  formats:
    'cppcheck --xml (--xml-version=2: results/errors/error with location children, cwe, inconclusive; version 1: results/error with file/line)',
  detect(head) {
    const h = head.trimStart();
    if (!h.startsWith('<')) return 0;
    if (!/<results[\s>]/.test(h)) return 0;
    if (/<cppcheck\s+version=/.test(h)) return 100;
    if (/<error\s+(?:file|id)="/.test(h) && /\bseverity="/.test(h) && /\bmsg="/.test(h)) return 85;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
