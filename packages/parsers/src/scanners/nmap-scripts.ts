import type { Severity } from '@scanrelay/findings-schema';
import { type XmlElement, xmlChildren } from '../io/xml-elements.js';

/** One vulnerability a script (vulners, vulscan) lists for a port's service. */
export interface ScriptVulnerability {
  script: 'vulners' | 'vulscan';
  id: string;
  /** vulners' `type` (cve, exploitpack, metasploit…) or vulscan's database title. */
  source: string | undefined;
  cvss: number | undefined;
  isExploit: boolean;
  /** The CPE the vulners table is keyed by. */
  cpe: string | undefined;
  title: string | undefined;
  url: string | undefined;
}

/** Most vulnerabilities kept per script element (vulscan can list thousands of name matches). */
const MAX_PER_SCRIPT = 5000;

/** DefectDojo's CVSS bands: 0 info, < 4 low, < 7 medium, < 9 high, else critical. */
export function severityOfCvss(score: number | undefined): Severity {
  if (score === undefined || score <= 0) return 'info';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

function scoreOf(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
}

/** vulners 1.2+: `<table key="cpe:/a:…"><table><elem key="id">…</elem>…</table></table>`. */
function vulnersTables(script: XmlElement): ScriptVulnerability[] {
  const out: ScriptVulnerability[] = [];
  for (const component of xmlChildren(script, 'table')) {
    for (const vuln of xmlChildren(component, 'table')) {
      const elems = new Map<string, string>();
      for (const e of xmlChildren(vuln, 'elem'))
        elems.set((e.attributes.key ?? '').toLowerCase(), e.text.trim());
      const id = elems.get('id');
      if (!id) continue;
      const type = elems.get('type') || undefined;
      out.push({
        script: 'vulners',
        id,
        source: type,
        cvss: scoreOf(elems.get('cvss')),
        isExploit: elems.get('is_exploit') === 'true',
        cpe: component.attributes.key,
        title: undefined,
        url: type ? `https://vulners.com/${type}/${id}` : undefined,
      });
      if (out.length >= MAX_PER_SCRIPT) return out;
    }
  }
  return out;
}

/** vulners before 1.2 wrote only `output`: `  cpe:/a:…: \n    \tCVE-2018-15919\t5.0\thttps://…`. */
function vulnersOutput(output: string): ScriptVulnerability[] {
  const out: ScriptVulnerability[] = [];
  let cpe: string | undefined;
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('cpe:') && line.endsWith(':')) {
      cpe = line.slice(0, -1).trim();
      continue;
    }
    const [id, score, url, flag] = line.split('\t').map((p) => p.trim());
    if (!id || !url?.startsWith('http')) continue;
    out.push({
      script: 'vulners',
      id,
      source: undefined,
      cvss: scoreOf(score),
      isExploit: flag === '*EXPLOIT*',
      cpe,
      title: undefined,
      url,
    });
    if (out.length >= MAX_PER_SCRIPT) break;
  }
  return out;
}

/** vulscan: `MITRE CVE - https://cve.mitre.org:\n[CVE-2018-15919] Remotely observable …` per database. */
function vulscanOutput(output: string): ScriptVulnerability[] {
  const out: ScriptVulnerability[] = [];
  let source: string | undefined;
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      const close = line.indexOf(']');
      const id = close > 1 ? line.slice(1, close).trim() : '';
      if (id === '') continue;
      const title = line.slice(close + 1).trim() || undefined;
      out.push({
        script: 'vulscan',
        id,
        source,
        cvss: undefined,
        isExploit: false,
        cpe: undefined,
        title,
        url: undefined,
      });
      if (out.length >= MAX_PER_SCRIPT) break;
    } else if (line.endsWith(':') && line.includes(' - ')) {
      source = line.slice(0, line.indexOf(' - ')).trim() || undefined;
    }
  }
  return out;
}

/** The vulnerabilities of a port's `<script>` element, for the vulners and vulscan scripts. */
export function scriptVulnerabilities(script: XmlElement): ScriptVulnerability[] {
  const id = script.attributes.id ?? '';
  const output = script.attributes.output ?? '';
  if (id === 'vulners') {
    const tables = vulnersTables(script);
    return tables.length > 0 ? tables : vulnersOutput(output);
  }
  if (id === 'vulscan' || id.endsWith('/vulscan') || id === 'vulscan.nse') return vulscanOutput(output);
  return [];
}
