/** One ZAP alert as read from an XML or JSON report, before it becomes a finding. */
export interface ZapRawAlert {
  /** Direct child fields of the alert: pluginid, alertRef, alert, name, riskcode, desc, … (trimmed). */
  fields: Record<string, string>;
  /**
   * The fields secureCodeBox's zap parsers read (`SCB_ALERT_FIELDS`), exactly as written: HTML
   * kept, not trimmed, the first of repeated elements.
   */
  raw: Record<string, string>;
  /**
   * The first `MAX_KEPT_INSTANCES` instances; with `keepAll` every instance with every field
   * (request and response too), as secureCodeBox's `zap_finding_urls` lists them.
   */
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
  /** With `keepAll`: every other field of the instance (requestheader, responsebody, …), raw. */
  [field: string]: string | undefined;
}

/** How much of each alert a reader keeps. */
export interface ZapReadOptions {
  /**
   * Every instance with every field, not trimmed (what secureCodeBox's parsers copy into
   * `zap_finding_urls`); otherwise at most `MAX_KEPT_INSTANCES` with the fields we use.
   */
  keepAll?: boolean;
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

/** Longest field kept with `keepAll`, where request and response bodies are kept. */
export const MAX_KEPT_ALL_FIELD_CHARS = 8 * 1024 * 1024;

/** The alert fields secureCodeBox's zap parsers read, kept raw in `ZapRawAlert.raw`. */
export const SCB_ALERT_FIELDS = new Set([
  'pluginid',
  'alert',
  'name',
  'riskcode',
  'confidence',
  'desc',
  'count',
  'solution',
  'otherinfo',
  'reference',
  'cweid',
  'wascid',
]);

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
  // ZAP before 2.5 wrote one instance's fields in the alert itself, without <instances>.
  'uri',
  'method',
  'param',
  'attack',
  'evidence',
]);

export const INSTANCE_FIELDS = new Set(['uri', 'method', 'param', 'attack', 'evidence', 'otherinfo']);
