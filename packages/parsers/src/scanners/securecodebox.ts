import { type Finding, fromSecureCodeBox, isConversionError } from '@scanrelay/findings-schema';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';

/**
 * secureCodeBox findings (the JSON array its parsers write, validated against its findings schema),
 * read through `fromSecureCodeBox`: findings that scanrelay exported come back exactly, including
 * critical severity. Streams one finding at a time.
 */
export const secureCodeBoxParser = defineParser({
  id: 'securecodebox',
  name: 'secureCodeBox',
  formats: 'secureCodeBox findings JSON array (findings.json)',
  detect(head: string): number {
    const h = head.trimStart();
    if (!h.startsWith('[')) return 0;
    const hasScbFields = /"parsed_at"\s*:/.test(h) && /"category"\s*:/.test(h);
    const hasScbSeverity = /"severity"\s*:\s*"(HIGH|MEDIUM|LOW|INFORMATIONAL)"/.test(h);
    return hasScbFields && hasScbSeverity ? 90 : 0;
  },
  async *parse(input: ParseInput, _options?: ParseOptions): AsyncIterable<Finding> {
    const stream = streamJsonWithSkeleton(input, { scanner: 'securecodebox', select: ['$[*]'] });
    for await (const m of stream.matches) {
      const at = formatJsonPath(m.path);
      let findings: Finding[];
      try {
        findings = fromSecureCodeBox([m.value]);
      } catch (e) {
        if (!isConversionError(e)) throw e;
        const first = e.issues[0];
        const path = first ? first.path.replace(/^\$\[0\]/, at) : at;
        const more = e.issues.length > 1 ? ` (and ${e.issues.length - 1} more)` : '';
        throw new ParseError('securecodebox', { path }, 'a secureCodeBox finding', {
          cause: e,
          got: `${first?.message ?? 'an invalid finding'}${more}`,
        });
      }
      yield* findings;
    }
    const skeleton = stream.skeleton();
    if (!Array.isArray(skeleton)) {
      throw new ParseError('securecodebox', { path: '$' }, 'a JSON array of secureCodeBox findings', {
        got: describeValue(skeleton),
      });
    }
  },
});
