/** One ZAP alert as read from an XML or JSON report, before it becomes a finding. */
export interface ZapRawAlert {
  /** Direct child fields of the alert: pluginid, alertRef, alert, name, riskcode, desc, … */
  fields: Record<string, string>;
  /** The first `MAX_KEPT_INSTANCES` instances. */
  instances: ZapRawInstance[];
  /** Every instance in the report, kept or not. */
  instanceCount: number;
  /** Instances that carry a request/response pair (xml-plus reports, ZAP 2.16 "with req/resp"). */
  requestResponseCount: number;
  site: ZapSite;
  report: { version?: string; programName?: string };
  /** Where the alert is in the report, for error messages. */
  where: { line?: number; path?: string };
}

export interface ZapRawInstance {
  uri?: string;
  method?: string;
  param?: string;
  attack?: string;
  evidence?: string;
  otherinfo?: string;
}

export interface ZapSite {
  name?: string;
  host?: string;
  port?: string;
  ssl?: string;
}

/** Instances kept per alert in `attributes.instances`; the count keeps counting past it. */
export const MAX_KEPT_INSTANCES = 100;

/** Longest text kept for one field: ZAP descriptions are short, request/response bodies are not kept. */
export const MAX_FIELD_CHARS = 64 * 1024;

export const ALERT_FIELDS = new Set([
  'pluginid',
  'alertRef',
  'alert',
  'name',
  'riskcode',
  'confidence',
  'riskdesc',
  'desc',
  'count',
  'solution',
  'otherinfo',
  'reference',
  'cweid',
  'wascid',
  'sourceid',
]);

export const INSTANCE_FIELDS = new Set(['uri', 'method', 'param', 'attack', 'evidence', 'otherinfo']);
