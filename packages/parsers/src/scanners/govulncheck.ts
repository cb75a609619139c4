import type { Finding } from '@scanrelay/findings-schema';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJson } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import {
  configSchema,
  findingSchema,
  type LegacyVuln,
  legacyVulnSchema,
  osvSchema,
} from './govulncheck-schemas.js';
import { readJsonValues } from './govulncheck-stream.js';
import {
  addTrace,
  newVulnInModule,
  type OsvInfo,
  osvInfo,
  type VulnInModule,
  vulnDraft,
} from './govulncheck-vuln.js';
import { key } from './support/head-json.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'govulncheck';
// `\s*(?:\[\s*)?`, not `\s*\[?\s*`: two adjacent `\s*` would backtrack quadratically on blank heads.
const MESSAGE = /^\uFEFF?\s*(?:\[\s*)?\{\s*"(config|progress|SBOM|osv|finding)"\s*:/;
const EXPECTED = 'a govulncheck -json message {config | progress | SBOM | osv | finding}';

/** What the messages of one report add up to: OSV entries and vulnerabilities per module. */
class Report {
  readonly osvs = new Map<string, OsvInfo>();
  readonly vulns = new Map<string, VulnInModule>();
  version: string | undefined;

  entry(osv: string, module: string): VulnInModule {
    const k = `${osv}\u0000${module}`;
    const found = this.vulns.get(k);
    if (found) return found;
    const v = newVulnInModule(osv, module);
    this.vulns.set(k, v);
    return v;
  }

  /** One message of govulncheck ≥ 1.0 (`-json`). */
  message(value: unknown, at: { path?: string; line?: number }): void {
    const where = at.path ?? `$ (line ${at.line})`;
    if (!isRecord(value)) throw new ParseError(SCANNER, at, EXPECTED, { got: describeValue(value) });
    if (value.config !== undefined) {
      const c = parseWith(SCANNER, configSchema, value.config, `${where}.config`, 'a govulncheck config');
      this.version = c.scanner_version ?? undefined;
    } else if (value.osv !== undefined) {
      const o = parseWith(SCANNER, osvSchema, value.osv, `${where}.osv`, 'an OSV entry {id}');
      this.osvs.set(o.id, osvInfo(o));
    } else if (value.finding !== undefined) {
      const f = parseWith(
        SCANNER,
        findingSchema,
        value.finding,
        `${where}.finding`,
        'a govulncheck finding {osv, trace[]}',
      );
      addTrace(this.entry(f.osv, f.trace[0]!.module), f.trace, f.fixed_version);
    } else if (value.progress === undefined && value.SBOM === undefined)
      throw new ParseError(SCANNER, at, EXPECTED, { got: 'an object with none of them' });
  }

  /** One entry of the pre-1.0 `{"Vulns": […]}` output. */
  legacy(v: LegacyVuln, requires: unknown): void {
    this.osvs.set(v.OSV.id, osvInfo(v.OSV));
    const fixed = (v.OSV.affected ?? [])
      .flatMap((a) => a.ranges ?? [])
      .flatMap((r) => r.events ?? [])
      .map((e) => e.fixed)
      .find((x): x is string => typeof x === 'string');
    for (const m of v.Modules ?? []) {
      const e = this.entry(v.OSV.id, m.Path);
      const version = m.FoundVersion ?? undefined;
      addTrace(e, [{ module: m.Path, version }], m.FixedVersion ?? fixed);
      for (const p of m.Packages ?? []) {
        if (p.Path) addTrace(e, [{ module: m.Path, version, package: p.Path }], undefined);
        for (const cs of p.CallStacks ?? []) {
          const frames = cs.Frames ?? [];
          const top = frames.at(-1);
          addTrace(
            e,
            [
              { module: m.Path, version, package: p.Path, function: cs.Symbol || top?.FuncName || 'unknown' },
              ...frames.slice(0, 1).map((f) => ({
                module: m.Path,
                position: {
                  filename: f.Position?.Filename,
                  line: f.Position?.Line,
                  column: f.Position?.Column,
                },
              })),
            ],
            undefined,
          );
        }
      }
    }
    if (v.ModPath) {
      const version = legacyVersion(requires, v.RequireSink);
      const e = this.entry(v.OSV.id, v.ModPath);
      const reached = v.CallSink ? { function: v.Symbol || 'unknown' } : {};
      addTrace(e, [{ module: v.ModPath, version, package: v.PkgPath, ...reached }], fixed);
    }
  }

  *findings(): Generator<Finding> {
    for (const v of this.vulns.values())
      yield toFinding(SCANNER, { path: v.osv }, vulnDraft(v, this.osvs.get(v.osv), this.version));
  }
}

/** The module version in v0.0.x's `Requires.Modules[RequireSink]`. */
function legacyVersion(requires: unknown, sink: unknown): string | undefined {
  if (!isRecord(requires) || !isRecord(requires.Modules) || typeof sink !== 'number') return undefined;
  const m = requires.Modules[String(sink)];
  return isRecord(m) && typeof m.Version === 'string' ? m.Version : undefined;
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const head = await input.headText(64 * 1024);
  const report = new Report();
  if (/^\uFEFF?\s*\[/.test(head)) {
    for await (const m of streamJson(input, { scanner: SCANNER, select: ['$[*]'] }))
      report.message(m.value, { path: formatJsonPath(m.path) });
  } else if (MESSAGE.test(head)) {
    for await (const { value, line } of readJsonValues(input, SCANNER, EXPECTED))
      report.message(value, { line });
  } else {
    let seen = false;
    for await (const m of streamJson(input, {
      scanner: SCANNER,
      select: ['$.Vulns[*]'],
      skip: ['$.Calls', '$.Imports'],
    })) {
      seen = true;
      const at = formatJsonPath(m.path);
      const v = parseWith(SCANNER, legacyVulnSchema, m.value, at, 'a govulncheck vuln {OSV{id}, Modules[]}');
      report.legacy(v, (m.ancestors[0] as Record<string, unknown>).Requires);
    }
    if (!seen && !key('Vulns').test(head))
      throw new ParseError(SCANNER, { path: '$' }, `${EXPECTED}, or pre-1.0 output {Vulns[]}`, {
        got: 'another document',
      });
  }
  const required = [...report.vulns.values()].filter((v) => v.reach !== 'called').length;
  if (required > 0)
    options?.onWarning?.(
      `govulncheck: ${required} vulnerability(ies) in imported or required code that the program does not call (kept as low/info)`,
    );
  yield* report.findings();
}

export const govulncheckParser = defineParser({
  id: SCANNER,
  name: 'govulncheck',
  formats:
    'govulncheck -json, v1.0+ (a stream of {config}, {progress}, {SBOM}, {osv}, {finding} messages; also as a JSON array) and pre-1.0 {Vulns[]} (v0.0.x CallSink/RequireSink and v0.1–0.2 Modules[].Packages[].CallStacks); one finding per vulnerability and module',
  detect(head) {
    if (
      MESSAGE.test(head) &&
      (key('protocol_version').test(head) || /"scanner_name"\s*:\s*"govulncheck"/.test(head))
    )
      return 95;
    if (MESSAGE.test(head) && /"finding"\s*:\s*\{\s*"osv"\s*:\s*"GO-/.test(head)) return 90;
    if (
      /^\uFEFF?\s*\{/.test(head) &&
      key('Vulns').test(head) &&
      key('OSV').test(head) &&
      /"id"\s*:\s*"GO-\d{4}-/.test(head)
    )
      return 90;
    return 0;
  },
  // Findings are already one per vulnerability and module (govulncheck's messages folded).
  parse: (input, options) => findings(input, options),
});
