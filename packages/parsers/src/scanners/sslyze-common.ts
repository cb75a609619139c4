import type { Finding, Severity } from '@scanrelay/findings-schema';
import { toFinding } from './support/to-finding.js';

export const SSLYZE = 'sslyze';

/** BSI TR-02102-2 recommended TLS 1.2 suites (DefectDojo's list); any other accepted suite is reported. */
export const TLS12_RECOMMENDED = new Set([
  ...['ECDHE_ECDSA', 'ECDHE_RSA', 'ECDH_ECDSA', 'ECDH_RSA'].flatMap((kx) => [
    `TLS_${kx}_WITH_AES_128_CBC_SHA256`,
    `TLS_${kx}_WITH_AES_256_CBC_SHA384`,
    `TLS_${kx}_WITH_AES_128_GCM_SHA256`,
    `TLS_${kx}_WITH_AES_256_GCM_SHA384`,
  ]),
  'TLS_ECDHE_ECDSA_WITH_AES_128_CCM',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CCM',
  ...['DHE_DSS', 'DHE_RSA', 'DH_DSS', 'DH_RSA'].flatMap((kx) => [
    `TLS_${kx}_WITH_AES_128_CBC_SHA256`,
    `TLS_${kx}_WITH_AES_256_CBC_SHA256`,
    `TLS_${kx}_WITH_AES_128_GCM_SHA256`,
    `TLS_${kx}_WITH_AES_256_GCM_SHA384`,
  ]),
  'TLS_DHE_RSA_WITH_AES_128_CCM',
  'TLS_DHE_RSA_WITH_AES_256_CCM',
  ...['ECDHE_PSK', 'DHE_PSK', 'RSA_PSK'].flatMap((kx) => [
    `TLS_${kx}_WITH_AES_128_CBC_SHA256`,
    `TLS_${kx}_WITH_AES_256_CBC_SHA384`,
    `TLS_${kx}_WITH_AES_128_GCM_SHA256`,
    `TLS_${kx}_WITH_AES_256_GCM_SHA384`,
  ]),
  'TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256',
  'TLS_DHE_PSK_WITH_AES_128_CCM',
  'TLS_DHE_PSK_WITH_AES_256_CCM',
]);
export const TLS13_RECOMMENDED = new Set([
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_AES_128_CCM_SHA256',
]);

export const BSI_REFERENCE =
  'https://www.bsi.bund.de/SharedDocs/Downloads/EN/BSI/Publications/TechGuidelines/TG02102/BSI-TR-02102-2.pdf';

/** A server as sslyze names it; `label` is `host:port` for titles. */
export interface SslyzeServer {
  host: string | undefined;
  port: number | undefined;
  protocol?: string;
  ip?: string;
}
export function serverLabel(s: SslyzeServer): string {
  return `${s.host ?? 'unknown host'}${s.port !== undefined ? `:${s.port}` : ''}`;
}

export interface SslyzeIssue {
  ruleId: string;
  title: string;
  description: string;
  severity: Severity;
  cve?: string;
  cwe?: string;
  references?: string[];
  mitigation?: string;
  attributes?: Record<string, unknown>;
}

export function sslyzeFinding(
  issue: SslyzeIssue,
  server: SslyzeServer,
  at: string,
  version: string | undefined,
): Finding {
  return toFinding(
    SSLYZE,
    { path: at },
    {
      tool: { id: SSLYZE, name: 'SSLyze', ...(version ? { version } : {}) },
      ruleId: issue.ruleId,
      name: `${issue.title} (${serverLabel(server)})`,
      description: issue.description,
      severity: issue.severity,
      category: 'Network',
      location: server.host
        ? { kind: 'host', host: server.host, port: server.port, protocol: server.protocol ?? 'tls' }
        : undefined,
      cve: issue.cve ? [issue.cve] : [],
      cwe: issue.cwe ? [issue.cwe] : [],
      references: issue.references ?? [],
      mitigation: issue.mitigation,
      attributes: { ...(server.ip ? { ip: server.ip } : {}), ...issue.attributes },
    },
  );
}

/** Heartbleed, CCS injection, ROBOT: the same words in both formats. */
const HEARTBLEED: Omit<SslyzeIssue, 'description'> = {
  ruleId: 'heartbleed',
  title: 'Heartbleed',
  severity: 'high',
  cve: 'CVE-2014-0160',
  cwe: 'CWE-126',
};
const CCS_INJECTION: Omit<SslyzeIssue, 'description'> = {
  ruleId: 'openssl-ccs-injection',
  title: 'CCS injection',
  severity: 'high',
  cve: 'CVE-2014-0224',
};
/** ROBOT results that mean vulnerable (sslyze's RobotScanResultEnum). */
const ROBOT_VULNERABLE = new Set(['VULNERABLE_WEAK_ORACLE', 'VULNERABLE_STRONG_ORACLE']);
const ROBOT: Omit<SslyzeIssue, 'description'> = {
  ruleId: 'robot',
  title: 'ROBOT attack',
  severity: 'high',
  cve: 'CVE-2017-13099',
  references: ['https://robotattack.org/'],
};

/** The Heartbleed issue of a server sslyze found vulnerable to it; `detail` (the XML's title) in brackets. */
export function heartbleedIssue(label: string, detail?: string): SslyzeIssue {
  const what = detail === undefined ? '' : ` (${detail})`;
  return { ...HEARTBLEED, description: `${label} is vulnerable to heartbleed${what}` };
}

/** The CCS injection issue of a server sslyze found vulnerable to it. */
export function ccsInjectionIssue(label: string): SslyzeIssue {
  return { ...CCS_INJECTION, description: `${label} is vulnerable to OpenSSL CCS injection` };
}

/** The ROBOT issue of a server whose ROBOT result (sslyze's RobotScanResultEnum) means vulnerable. */
export function robotIssue(label: string, result: unknown): SslyzeIssue | undefined {
  return typeof result === 'string' && ROBOT_VULNERABLE.has(result)
    ? { ...ROBOT, description: `${label} is vulnerable to the ROBOT attack (${result})` }
    : undefined;
}
