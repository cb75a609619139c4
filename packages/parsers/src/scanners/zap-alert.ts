import type { Confidence, Finding, Severity } from '@scanrelay/findings-schema';
import { describeValue, ParseError } from '../parse-error.js';
import { htmlToText } from './support/html-to-text.js';
import { toFinding } from './support/to-finding.js';
import type { ZapRawAlert, ZapRawInstance, ZapReadOptions } from './zap-raw-alert.js';

const RISK: Readonly<Record<string, Severity>> = { '0': 'info', '1': 'low', '2': 'medium', '3': 'high' };
// ZAP confidence: 0 false positive, 1 low, 2 medium, 3 high, 4 confirmed by a user.
const CONFIDENCE: Readonly<Record<string, Confidence>> = {
  '0': 'low',
  '1': 'low',
  '2': 'medium',
  '3': 'high',
  '4': 'high',
};

/**
 * One finding per ZAP alert, as DefectDojo and secureCodeBox count them: the location is the site
 * (so the fingerprint is the alert's rule and site, stable when instances come and go), every
 * instance is listed in `attributes.instances`, and `occurrences` is ZAP's count.
 */
export function zapAlertToFinding(a: ZapRawAlert, options: ZapReadOptions = {}): Finding {
  const f = a.fields;
  const listed = a.instances.length > 0 || a.instanceCount > 0 ? a.instances : inlineInstance(a);
  const instanceCount = Math.max(a.instanceCount, listed.length);
  const where = a.where;
  const ruleId = f.alertRef || f.pluginid;
  if (!ruleId)
    throw new ParseError('zap', where, 'an alert with a pluginid', { got: 'an alert without one' });
  const title = f.alert || f.name;
  if (!title) throw new ParseError('zap', where, 'an alert with a title (alert or name)', { got: 'none' });
  const severity = RISK[f.riskcode ?? ''];
  if (!severity)
    throw new ParseError('zap', where, 'a riskcode of 0 to 3', { got: describeValue(f.riskcode ?? null) });
  const cweNumber = Number.parseInt(f.cweid ?? '', 10);
  const count = Number.parseInt(f.count ?? '', 10);
  const siteUrl = a.site.name ?? listed[0]?.uri;
  return toFinding('zap', where, {
    tool: { id: 'zap', name: 'ZAP', version: a.report.version },
    ruleId,
    name: title,
    description: htmlToText(f.desc ?? '') || undefined,
    severity,
    category: 'DAST',
    confidence: CONFIDENCE[f.confidence ?? ''],
    location: siteUrl ? { kind: 'url', url: siteUrl } : undefined,
    cwe: cweNumber > 0 ? [`CWE-${cweNumber}`] : [],
    references: referenceUrls(f.reference),
    mitigation: htmlToText(f.solution ?? '') || undefined,
    occurrences: Math.max(1, instanceCount, Number.isFinite(count) ? count : 0),
    attributes: {
      pluginId: f.pluginid,
      alertRef: f.alertRef,
      alert: title,
      site: a.site.name,
      host: a.site.host,
      port: a.site.port,
      riskcode: f.riskcode,
      confidence: f.confidence,
      wascid: f.wascid,
      sourceid: f.sourceid,
      otherinfo: htmlToText(f.otherinfo ?? '') || undefined,
      instanceCount,
      requestResponseCount: a.requestResponseCount,
      // With keepAll (the secureCodeBox export) every instance as written, as secureCodeBox's
      // `zap_finding_urls` has them; otherwise the fields we show, evidence shortened.
      instances: options.keepAll
        ? listed
        : listed.map((i) => ({
            uri: i.uri,
            method: i.method,
            param: i.param || undefined,
            attack: i.attack || undefined,
            evidence: i.evidence ? truncate(i.evidence, 500) : undefined,
          })),
      // The alert's fields as ZAP wrote them (HTML kept), which the secureCodeBox export reads.
      raw: a.raw,
    },
  });
}

/** ZAP 2.4 and older: one instance's uri, method, param… in the alert itself. */
function inlineInstance(a: ZapRawAlert): ZapRawInstance[] {
  const { uri, method, param, attack, evidence } = a.fields;
  return uri ? [{ uri, method, param, attack, evidence }] : [];
}

function referenceUrls(reference: string | undefined): string[] {
  const urls = htmlToText(reference ?? '')
    .split(/\s+/)
    .filter((u) => /^https?:\/\/\S+$/i.test(u));
  return [...new Set(urls)];
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
