import type { Finding } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import type { ParseOptions } from '../scanner-parser.js';
import {
  BSI_REFERENCE,
  ccsInjectionIssue,
  heartbleedIssue,
  robotIssue,
  SSLYZE,
  type SslyzeIssue,
  type SslyzeServer,
  serverLabel,
  sslyzeFinding,
  TLS12_RECOMMENDED,
  TLS13_RECOMMENDED,
} from './sslyze-common.js';
import { nonBlankString } from './support/field-readers.js';
import { isRecord, parseWith } from './support/parse-with.js';

const location = z
  .object({
    hostname: z.string().nullish(),
    port: z.number().int().min(0).max(65535).nullish(),
    ip_address: z.string().nullish(),
  })
  .loose();
/** One `server_scan_results[]` entry: 5.x+ (`server_location`, `scan_result.<cmd>.result`) or 3.x/4.x (`server_info`, `scan_commands_results.<cmd>`). */
const serverSchema = z
  .object({
    server_location: location.nullish(),
    server_info: z.object({ server_location: location.nullish() }).loose().nullish(),
    scan_result: z.record(z.string(), z.unknown()).nullish(),
    scan_commands_results: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();
const suitesSchema = z
  .object({
    accepted_cipher_suites: z
      .array(z.object({ cipher_suite: z.object({ name: z.string() }).loose().nullish() }).loose())
      .nullish(),
  })
  .loose();
const certificateSchema = z
  .object({
    certificate_deployments: z
      .array(
        z
          .object({
            leaf_certificate_subject_matches_hostname: z.boolean().nullish(),
            verified_chain_has_sha1_signature: z.boolean().nullish(),
            verified_chain_has_legacy_symantec_anchor: z.boolean().nullish(),
            path_validation_results: z
              .array(
                z
                  .object({
                    openssl_error_string: z.string().nullish(),
                    trust_store: z
                      .object({ name: z.string().nullish(), version: z.string().nullish() })
                      .loose()
                      .nullish(),
                  })
                  .loose(),
              )
              .nullish(),
          })
          .loose(),
      )
      .nullish(),
  })
  .loose();

const WEAK_PROTOCOLS = [
  ['ssl_2_0_cipher_suites', 'SSL 2.0', 'high'],
  ['ssl_3_0_cipher_suites', 'SSL 3.0', 'high'],
  ['tls_1_0_cipher_suites', 'TLS 1.0', 'medium'],
  ['tls_1_1_cipher_suites', 'TLS 1.1', 'medium'],
] as const;
const STRONG_PROTOCOLS = [
  ['tls_1_2_cipher_suites', 'TLS 1.2', TLS12_RECOMMENDED],
  ['tls_1_3_cipher_suites', 'TLS 1.3', TLS13_RECOMMENDED],
] as const;

type Server = z.infer<typeof serverSchema>;

/** A scan command's result: 5.x wraps it in `{status, result}` (null when not scheduled or failed). */
function command(s: Server, name: string): Record<string, unknown> | undefined {
  if (s.scan_result) {
    const attempt = s.scan_result[name];
    return isRecord(attempt) && isRecord(attempt.result) ? attempt.result : undefined;
  }
  const r = s.scan_commands_results?.[name];
  return isRecord(r) ? r : undefined;
}

/** The accepted cipher suites of a protocol's scan command (none when the command did not run). */
function acceptedSuites(s: Server, name: string, at: string) {
  const raw = command(s, name);
  if (!raw) return [];
  const r = parseWith(SSLYZE, suitesSchema, raw, at, 'sslyze cipher suites {accepted_cipher_suites}');
  return r.accepted_cipher_suites ?? [];
}

function* serverIssues(s: Server, label: string, at: string): Generator<SslyzeIssue> {
  const base = (n: string) =>
    `${at}.${s.scan_result ? `scan_result.${n}.result` : `scan_commands_results.${n}`}`;
  if (command(s, 'heartbleed')?.is_vulnerable_to_heartbleed === true) yield heartbleedIssue(label);
  if (command(s, 'openssl_ccs_injection')?.is_vulnerable_to_ccs_injection === true)
    yield ccsInjectionIssue(label);
  const reneg = command(s, 'session_renegotiation');
  if (reneg) {
    const lines: string[] = [];
    if (
      reneg.accepts_client_renegotiation === true ||
      reneg.is_vulnerable_to_client_renegotiation_dos === true
    )
      lines.push(' - Client renegotiation is accepted');
    if (reneg.supports_secure_renegotiation === false)
      lines.push(' - Secure session renegotiation is not supported');
    if (lines.length > 0)
      yield {
        ruleId: 'session-renegotiation',
        title: 'Session renegotiation',
        description: [`${label} has problems with session renegotiation:`, ...lines].join('\n'),
        severity: 'medium',
      };
  }
  const robot = robotIssue(label, command(s, 'robot')?.robot_result);
  if (robot) yield robot;
  if (command(s, 'tls_compression')?.supports_compression === true)
    yield {
      ruleId: 'tls-compression',
      title: 'TLS compression (CRIME)',
      description: `${label} supports TLS compression`,
      severity: 'medium',
      cve: 'CVE-2012-4929',
    };
  for (const [name, text, severity] of WEAK_PROTOCOLS) {
    if (acceptedSuites(s, name, base(name)).length > 0)
      yield {
        ruleId: `protocol-${text.toLowerCase().replace(' ', '-')}`,
        title: `${text} not recommended`,
        description: `${label} accepts ${text} connections`,
        severity,
        references: [BSI_REFERENCE],
        mitigation: `Disable ${text} on the server.`,
      };
  }
  for (const [name, text, recommended] of STRONG_PROTOCOLS) {
    const bad = acceptedSuites(s, name, base(name))
      .map((c) => c.cipher_suite?.name)
      .filter((n): n is string => typeof n === 'string' && !recommended.has(n));
    if (bad.length > 0)
      yield {
        ruleId: `cipher-suites-${text.toLowerCase().replace(' ', '-')}`,
        title: `Unrecommended cipher suites for ${text}`,
        description: [
          `${label} accepts unrecommended cipher suites for ${text}:`,
          ...bad.map((n) => ` - ${n}`),
        ].join('\n'),
        severity: 'medium',
        references: [BSI_REFERENCE],
        attributes: { cipherSuites: bad },
      };
  }
  const certRaw = command(s, 'certificate_info');
  if (certRaw) {
    const c = parseWith(
      SSLYZE,
      certificateSchema,
      certRaw,
      base('certificate_info'),
      'sslyze certificate_info',
    );
    const lines: string[] = [];
    for (const d of c.certificate_deployments ?? []) {
      if (d.leaf_certificate_subject_matches_hostname === false)
        lines.push(' - Certificate subject does not match hostname');
      if (d.verified_chain_has_sha1_signature === true)
        lines.push(' - The verified chain has a SHA-1 signature');
      if (d.verified_chain_has_legacy_symantec_anchor === true)
        lines.push(' - The verified chain has a legacy Symantec anchor');
      for (const p of d.path_validation_results ?? []) {
        if (!p.openssl_error_string) continue;
        const store = p.trust_store?.name;
        const version = p.trust_store?.version;
        lines.push(
          ` - ${p.openssl_error_string}${store ? ` for trust store ${store}` : ''}${version ? `, version ${version}` : ''}`,
        );
      }
    }
    if (lines.length > 0)
      yield {
        ruleId: 'certificate-deployment',
        title: 'Problems in certificate deployments',
        description: [`${label} has problems in certificate deployments:`, ...new Set(lines)].join('\n'),
        severity: 'medium',
        cwe: 'CWE-295',
      };
  }
}

/** sslyze --json_out: 3.x/4.x and 5.x+; one server's result is read whole (memory follows one server). */
export async function* readSslyzeJson(input: ParseInput, options?: ParseOptions): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SSLYZE, select: ['$.server_scan_results[*]'] });
  for await (const m of stream.matches) {
    const at = `$.server_scan_results[${m.path[1] as number}]`;
    const s = parseWith(SSLYZE, serverSchema, m.value, at, 'an sslyze server scan result');
    const loc = s.server_location ?? s.server_info?.server_location;
    const server: SslyzeServer = {
      host: nonBlankString(loc?.hostname),
      port: loc?.port ?? undefined,
      ip: nonBlankString(loc?.ip_address),
    };
    const status = (m.value as Record<string, unknown>).connectivity_status;
    if (status === 'ERROR' || (s.scan_result === null && !s.scan_commands_results))
      options?.onWarning?.(
        `sslyze: ${serverLabel(server)} could not be scanned (no connectivity); no findings for it`,
      );
    const root = m.ancestors[0] as Record<string, unknown> | undefined;
    const version = nonBlankString(root?.sslyze_version);
    for (const issue of serverIssues(s, serverLabel(server), at))
      yield sslyzeFinding(issue, server, at, version);
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || !Array.isArray(doc.server_scan_results))
    throw new ParseError(SSLYZE, { path: '$' }, 'an sslyze --json_out object with "server_scan_results"', {
      got: describeValue(doc),
    });
}
