import { type Finding, toSecureCodeBox } from '@scanrelay/findings-schema';
import { ParseInput } from '../../src/index.js';
import { collect, detectScanner, getParser } from '../../src/registry.js';
import type { ScbOracleFinding } from './oracle-gitleaks.js';

/** The fields secureCodeBox's parsers write (its SDK adds `id`, `parsed_at` and `scan`). */
const PARSER_FIELDS = [
  'name',
  'description',
  'category',
  'severity',
  'osi_layer',
  'location',
  'mitigation',
  'references',
  'identified_at',
] as const;

/** As JSON carries it: keys with `undefined` values gone, as in secureCodeBox's findings file. */
const asJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * Our pipeline for the secureCodeBox export: the report's detected parser with
 * `oneFindingPerRecord`, then `toSecureCodeBox`, cut to the fields secureCodeBox's parser writes;
 * `attributes` without our `scanrelay` key, which is returned apart.
 */
export async function ourScb(
  file: string,
  scanner: string,
): Promise<{ findings: ScbOracleFinding[]; scanrelay: Record<string, unknown>[]; canonical: Finding[] }> {
  const detected = await detectScanner({ path: file });
  if (detected.scanner !== scanner) throw new Error(`${file}: detected as ${detected.scanner}`);
  const parser = getParser(scanner);
  if (!parser) throw new Error(`no parser ${scanner}`);
  const canonical = await collect(
    parser.parse(new ParseInput({ path: file }), { oneFindingPerRecord: true }),
  );
  const exported = toSecureCodeBox(canonical, { name: 'scan', scanType: scanner });
  const findings: ScbOracleFinding[] = [];
  const scanrelay: Record<string, unknown>[] = [];
  for (const e of exported) {
    const picked: Record<string, unknown> = {};
    for (const k of PARSER_FIELDS) if (k in e) picked[k] = e[k as keyof typeof e];
    const { scanrelay: ours, ...attributes } = (e.attributes ?? {}) as Record<string, unknown>;
    picked.attributes = attributes;
    findings.push(asJson(picked) as unknown as ScbOracleFinding);
    scanrelay.push(ours as Record<string, unknown>);
  }
  return { findings, scanrelay, canonical };
}

/** The oracle's findings as a JSON findings file carries them. */
export const oracleJson = (findings: ScbOracleFinding[]): ScbOracleFinding[] => asJson(findings);
