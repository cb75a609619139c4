import type { Finding } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { streamXmlElements, type XmlElement, xmlChild, xmlChildren } from '../io/xml-elements.js';
import { ParseError } from '../parse-error.js';
import {
  ccsInjectionIssue,
  heartbleedIssue,
  robotIssue,
  SSLYZE,
  type SslyzeIssue,
  serverLabel,
  sslyzeFinding,
} from './sslyze-common.js';

/** The suites DefectDojo's sslyze XML importer calls weak (no forward secrecy, CBC with SHA-1, 3DES…). */
const WEAK_CIPHERS = new Set([
  ...['AES_128_CBC_SHA', 'AES_128_CBC_SHA256', 'AES_256_CBC_SHA', 'AES_256_CBC_SHA256'].map(
    (c) => `TLS_DHE_RSA_WITH_${c}`,
  ),
  ...[
    'CAMELLIA_128_CBC_SHA',
    'CAMELLIA_128_CBC_SHA256',
    'CAMELLIA_256_CBC_SHA',
    'CAMELLIA_256_CBC_SHA256',
    'SEED_CBC_SHA',
  ].map((c) => `TLS_DHE_RSA_WITH_${c}`),
  ...[
    '3DES_EDE_CBC_SHA',
    'AES_128_CBC_SHA',
    'AES_128_CBC_SHA256',
    'AES_256_CBC_SHA',
    'AES_256_CBC_SHA384',
    'CAMELLIA_128_CBC_SHA256',
    'CAMELLIA_256_CBC_SHA384',
  ].map((c) => `TLS_ECDHE_RSA_WITH_${c}`),
  ...[
    '3DES_EDE_CBC_SHA',
    'AES_128_CBC_SHA',
    'AES_128_CBC_SHA256',
    'AES_128_CCM',
    'AES_128_CCM_8',
    'AES_128_GCM_SHA256',
    'AES_256_CBC_SHA',
    'AES_256_CBC_SHA256',
    'AES_256_CCM',
    'AES_256_CCM_8',
    'AES_256_GCM_SHA384',
    'ARIA_128_GCM_SHA256',
    'ARIA_256_GCM_SHA384',
    'CAMELLIA_128_CBC_SHA',
    'CAMELLIA_128_CBC_SHA256',
    'CAMELLIA_256_CBC_SHA',
    'CAMELLIA_256_CBC_SHA256',
    'IDEA_CBC_SHA',
    'SEED_CBC_SHA',
  ].map((c) => `TLS_RSA_WITH_${c}`),
]);
const PROTOCOLS = new Set(['sslv2', 'sslv3', 'tlsv1', 'tlsv1_1', 'tlsv1_2', 'tlsv1_3']);

const isTrue = (v: string | undefined) => v === 'True' || v === 'true';
const isFalse = (v: string | undefined) => v === 'False' || v === 'false';

/** The finding one scan command element of a `<target>` gives, if any (DefectDojo's rules, plus ROBOT). */
function commandIssue(el: XmlElement, label: string): SslyzeIssue | undefined {
  const title = el.attributes.title;
  switch (el.name) {
    case 'heartbleed':
      return isTrue(xmlChild(el, 'openSslHeartbleed')?.attributes.isVulnerable)
        ? heartbleedIssue(label, title ?? 'OpenSSL Heartbleed')
        : undefined;
    case 'openssl_ccs':
      return isTrue(xmlChild(el, 'openSslCcsInjection')?.attributes.isVulnerable)
        ? ccsInjectionIssue(label)
        : undefined;
    case 'reneg': {
      const r = xmlChild(el, 'sessionRenegotiation');
      return isFalse(r?.attributes.isSecure)
        ? {
            ruleId: 'session-renegotiation',
            title: 'Session renegotiation',
            description: `${label} does not support secure session renegotiation`,
            severity: 'medium',
          }
        : undefined;
    }
    case 'robot':
      return robotIssue(label, xmlChild(el, 'robotAttack')?.attributes.resultEnum);
    default:
      break;
  }
  if (!PROTOCOLS.has(el.name) || !isTrue(el.attributes.isProtocolSupported)) return undefined;
  const weak: string[] = [];
  for (const group of ['preferredCipherSuite', 'acceptedCipherSuites'])
    for (const c of xmlChildren(xmlChild(el, group), 'cipherSuite')) {
      const name = c.attributes.name;
      if (name && WEAK_CIPHERS.has(name) && !weak.includes(name)) weak.push(name);
    }
  if (weak.length === 0) return undefined;
  return {
    ruleId: `weak-cipher-suites-${el.name}`,
    title: `Weak cipher suites for ${el.name}`,
    description: [`${label} accepts weak cipher suites for ${el.name}:`, ...weak.map((n) => ` - ${n}`)].join(
      '\n',
    ),
    severity: 'medium',
    attributes: { cipherSuites: weak },
  };
}

/** sslyze 1.x/2.x --xml_out: `<document><results><target host port tlsWrappedProtocol>` with one element per scan command. */
export async function* readSslyzeXml(input: ParseInput): AsyncGenerator<Finding> {
  let version: string | undefined;
  const elements = streamXmlElements(input, {
    scanner: SSLYZE,
    roots: ['document'],
    expected: 'an sslyze --xml_out report (<document><results><target>)',
    select: (p) => p.length === 4 && p[1] === 'results' && p[2] === 'target',
  });
  for await (const m of elements) {
    version ??= m.ancestors[0]?.SSLyzeVersion;
    const t = m.ancestors[2] ?? {};
    const port = t.port !== undefined && /^\d+$/.test(t.port) ? Number(t.port) : undefined;
    if (port !== undefined && port > 65535)
      throw new ParseError(SSLYZE, { line: m.element.line }, 'a port from 0 to 65535', { got: t.port });
    const server = { host: t.host, port, protocol: t.tlsWrappedProtocol, ip: t.ip };
    const issue = commandIssue(m.element, serverLabel(server));
    if (issue) yield sslyzeFinding(issue, server, `line ${m.element.line}`, version);
  }
}
