import type { Finding, FindingDraft, HostLocation } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { streamXmlElements, type XmlElement, xmlChild, xmlChildren } from '../io/xml-elements.js';
import { ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { type ScriptVulnerability, scriptVulnerabilities, severityOfCvss } from './nmap-scripts.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'nmap';
const OPEN_PORT_RULE = 'open-port';

/** What every finding of a host shares. */
interface HostContext {
  tool: FindingDraft['tool'];
  host: string;
  address: string | undefined;
  hostnames: string[];
  os: string | undefined;
  identifiedAt: string | undefined;
}

/** `start` (seconds since the epoch) as an ISO timestamp. */
function epochToIso(v: string | undefined): string | undefined {
  const n = v === undefined ? Number.NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? new Date(n * 1000).toISOString() : undefined;
}

function hostContext(host: XmlElement, root: Readonly<Record<string, string>>): HostContext {
  const addresses = xmlChildren(host, 'address');
  const address =
    addresses.find((a) => a.attributes.addrtype === 'ipv4')?.attributes.addr ??
    addresses.find((a) => a.attributes.addrtype === 'ipv6')?.attributes.addr ??
    addresses[0]?.attributes.addr;
  const names = xmlChildren(xmlChild(host, 'hostnames'), 'hostname');
  const nameOf = (type: string) => names.find((n) => n.attributes.type === type)?.attributes.name;
  const hostnames = names.map((n) => n.attributes.name).filter((n): n is string => !!n);
  // The name the user scanned wins, then the reverse DNS name, then the address.
  const name = nameOf('user') ?? nameOf('PTR') ?? hostnames[0];
  const host_ = name ?? address;
  if (!host_)
    throw new ParseError(SCANNER, { line: host.line }, 'an nmap <host> with an <address> or <hostname>');
  const os = xmlChildren(xmlChild(host, 'os'), 'osmatch')[0];
  return {
    tool: { id: SCANNER, name: 'Nmap', version: root.version || undefined },
    host: host_,
    address,
    hostnames,
    os: os?.attributes.name
      ? `${os.attributes.name}${os.attributes.accuracy ? ` (${os.attributes.accuracy}%)` : ''}`
      : undefined,
    identifiedAt: epochToIso(root.start) ?? epochToIso(host.attributes.starttime),
  };
}

function serviceText(service: XmlElement | undefined): string | undefined {
  const a = service?.attributes;
  if (!a) return undefined;
  const text = [a.product, a.version, a.extrainfo ? `(${a.extrainfo})` : undefined].filter(Boolean).join(' ');
  return text || a.name || undefined;
}

function hostLines(ctx: HostContext): string[] {
  const lines = [`Host: ${ctx.host}`];
  if (ctx.address && ctx.address !== ctx.host) lines.push(`IP address: ${ctx.address}`);
  if (ctx.os) lines.push(`Host OS: ${ctx.os}`);
  return lines;
}

function hostAttributes(ctx: HostContext): Record<string, unknown> {
  return {
    ...(ctx.address ? { address: ctx.address } : {}),
    ...(ctx.hostnames.length > 0 ? { hostnames: ctx.hostnames } : {}),
  };
}

function openPortDraft(ctx: HostContext, loc: HostLocation, service: XmlElement | undefined): FindingDraft {
  const s = serviceText(service);
  const a = service?.attributes ?? {};
  return {
    tool: ctx.tool,
    ruleId: OPEN_PORT_RULE,
    name: `Open port: ${loc.port}/${loc.protocol}`,
    description: [
      ...hostLines(ctx),
      `Port/Protocol: ${loc.port}/${loc.protocol}`,
      ...(s ? [`Service: ${s}`] : []),
    ].join('\n'),
    severity: 'info',
    category: 'Network',
    location: loc,
    identifiedAt: ctx.identifiedAt,
    attributes: {
      ...hostAttributes(ctx),
      ...(a.name ? { service: a.name } : {}),
      ...(a.product ? { product: a.product } : {}),
      ...(a.version ? { version: a.version } : {}),
      ...(xmlChildren(service, 'cpe').length > 0
        ? { cpe: xmlChildren(service, 'cpe').map((c) => c.text.trim()) }
        : {}),
    },
  };
}

function vulnerabilityDraft(ctx: HostContext, loc: HostLocation, v: ScriptVulnerability): FindingDraft {
  const isCve = /^CVE-\d+-\d+$/i.test(v.id);
  const lines = [`${v.id} reported by the nmap ${v.script} script`, ...hostLines(ctx)];
  lines.push(`Port/Protocol: ${loc.port}/${loc.protocol}`);
  if (v.cpe) lines.push(`CPE: ${v.cpe}`);
  if (v.cvss !== undefined) lines.push(`CVSS: ${v.cvss}`);
  if (v.isExploit) lines.push('A public exploit exists.');
  if (v.title) lines.push(v.title);
  // vulscan's database ids are only unique within their database (VulDB 161474, OSVDB 161474…).
  const ruleId = v.script === 'vulscan' && !isCve ? `${v.source ?? 'vulscan'}:${v.id}` : v.id;
  return {
    tool: ctx.tool,
    ruleId,
    name: v.title ? `${v.id}: ${v.title}`.slice(0, 300) : v.id,
    description: lines.join('\n'),
    // vulscan lists name matches from offline databases without a score: medium, low confidence.
    severity: v.script === 'vulscan' ? 'medium' : severityOfCvss(v.cvss),
    confidence: v.script === 'vulscan' ? 'low' : undefined,
    category: 'Network',
    location: loc,
    cve: isCve || v.source === 'cve' ? [v.id] : [],
    cvss: v.cvss !== undefined ? { score: v.cvss } : undefined,
    references: v.url ? [v.url] : [],
    identifiedAt: ctx.identifiedAt,
    attributes: {
      ...hostAttributes(ctx),
      script: v.script,
      ...(v.source ? { source: v.source } : {}),
      ...(v.cpe ? { cpe: v.cpe } : {}),
      ...(v.isExploit ? { exploit: true } : {}),
    },
  };
}

function* hostFindings(host: XmlElement, root: Readonly<Record<string, string>>): Generator<Finding> {
  const ctx = hostContext(host, root);
  for (const port of xmlChildren(xmlChild(host, 'ports'), 'port')) {
    if (xmlChild(port, 'state')?.attributes.state !== 'open') continue;
    const portId = Number(port.attributes.portid);
    if (!Number.isInteger(portId) || portId < 0 || portId > 65535)
      throw new ParseError(SCANNER, { line: port.line }, 'an nmap <port> with a portid from 0 to 65535', {
        got: port.attributes.portid === undefined ? 'no portid' : 'another value',
      });
    const loc: HostLocation = {
      kind: 'host',
      host: ctx.host,
      port: portId,
      protocol: port.attributes.protocol || 'tcp',
    };
    const where = { line: port.line };
    // Script vulnerabilities first, then the open port, as DefectDojo lists them.
    for (const script of xmlChildren(port, 'script'))
      for (const v of scriptVulnerabilities(script))
        yield toFinding(SCANNER, where, vulnerabilityDraft(ctx, loc, v));
    yield toFinding(SCANNER, where, openPortDraft(ctx, loc, xmlChild(port, 'service')));
  }
}

async function* findings(input: ParseInput): AsyncGenerator<Finding> {
  const stream = streamXmlElements(input, {
    scanner: SCANNER,
    roots: ['nmaprun'],
    expected: 'an nmap -oX XML report (<nmaprun>)',
    select: (p) => p.length === 2 && p[1] === 'host',
  });
  for await (const m of stream) yield* hostFindings(m.element, m.ancestors[0] ?? {});
}

export const nmapParser = defineParser({
  id: SCANNER,
  name: 'Nmap',
  formats:
    'nmap -oX XML (xmloutputversion 1.0x, nmap 4 to 7): one finding per open port per host, plus the vulnerabilities the vulners (tables or text) and vulscan scripts list per port',
  detect(head) {
    if (!/^\s*(<\?xml|<!|<nmaprun)/.test(head)) return 0;
    // masscan -oX writes an <nmaprun scanner="masscan"> document: another tool, not claimed.
    if (/<nmaprun\s[^>]*scanner="masscan"/.test(head)) return 0;
    if (/<nmaprun\s[^>]*scanner="nmap"/.test(head)) return 95;
    if (/<!DOCTYPE nmaprun/.test(head) || /<nmaprun[\s>]/.test(head)) return 90;
    return 0;
  },
  parse: (input, options?: ParseOptions) =>
    options?.oneFindingPerRecord ? findings(input) : mergeRepeated(findings(input)),
});
