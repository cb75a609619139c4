import type { Finding } from '@scanrelay/findings-schema';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { npmAdvisoryToDraft, npmV6AdvisorySchema } from './npm-audit-v6.js';
import { npmV7VulnerabilitySchema, npmViaToDraft } from './npm-audit-v7.js';
import { key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';

const ERROR_CODE = /^E[A-Z0-9]{1,20}$/;

import { isRecord, parseWith } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'npm-audit';

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$.advisories.*', '$.vulnerabilities.*'],
  });
  for await (const m of stream.matches) {
    const [section, name] = m.path as [string, string];
    const at = formatJsonPath(m.path);
    if (section === 'advisories') {
      const advisory = parseWith(
        SCANNER,
        npmV6AdvisorySchema,
        m.value,
        at,
        'an npm 6 advisory {id, module_name, severity, findings[]}',
      );
      yield toFinding(SCANNER, { path: at }, npmAdvisoryToDraft(advisory, options, at));
      continue;
    }
    const vuln = parseWith(
      SCANNER,
      npmV7VulnerabilitySchema,
      m.value,
      at,
      'an npm 7+ vulnerability {name, severity, via[]}',
    );
    for (const [i, via] of vuln.via.entries()) {
      if (typeof via === 'string') continue; // vulnerable only through another package, which has its own entry
      yield toFinding(
        SCANNER,
        { path: `${at}.via[${i}]` },
        npmViaToDraft(name, vuln, via, options, `${at}.via[${i}]`),
      );
    }
  }
  const doc = stream.skeleton();
  if (isRecord(doc) && isRecord(doc.error)) {
    const { code } = doc.error;
    throw new ParseError(
      SCANNER,
      { path: '$.error' },
      'an npm audit report (this one says the audit itself failed)',
      {
        // npm's summary may quote a registry URL with its token: only a well-formed error code is kept.
        got: `npm audit report contains errors: ${typeof code === 'string' && ERROR_CODE.test(code) ? code : 'no error code'}`,
      },
    );
  }
  if (isRecord(doc) && (isRecord(doc.advisories) || isRecord(doc.vulnerabilities))) return;
  throw new ParseError(
    SCANNER,
    { path: '$' },
    'npm audit --json output: npm 6 {advisories} or npm 7+ {auditReportVersion, vulnerabilities}',
    {
      got: isRecord(doc)
        ? `an object with keys ${Object.keys(doc).slice(0, 6).join(', ') || '(none)'}`
        : describeValue(doc),
    },
  );
}

export const npmAuditParser = defineParser({
  id: SCANNER,
  name: 'npm audit',
  formats:
    'npm audit --json: npm 6 (advisories, one finding per advisory) and npm 7+ (auditReportVersion 2, one finding per advisory in via[])',
  detect(head) {
    if (key('auditReportVersion').test(head) && key('vulnerabilities').test(head)) return 100;
    if (key('advisories').test(head) && (key('actions').test(head) || key('muted').test(head))) return 95;
    if (/^\s*\{\s*"error"\s*:\s*\{\s*"code"\s*:\s*"E[A-Z0-9]+"/.test(head) && key('summary').test(head))
      return 50;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
