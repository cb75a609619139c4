import type { Finding } from '../finding.js';
import type { ScbSeverity } from '../securecodebox-finding.js';
import type { ScbConvention } from './convention.js';

type Rec = Record<string, unknown>;

/**
 * The report record the gitleaks parser keeps in `attributes.record` (secret and line redacted),
 * or, for findings stored before it did, the same fields rebuilt from the canonical finding.
 */
function recordOf(f: Finding): Rec {
  const r = f.attributes.record;
  if (r !== null && typeof r === 'object' && !Array.isArray(r)) return r as Rec;
  const src = f.location?.kind === 'source' ? f.location : undefined;
  return {
    RuleID: f.ruleId,
    Description: f.name,
    Commit: f.attributes.commit,
    File: src?.file,
    StartLine: src?.startLine,
    Tags: f.attributes.tags ?? [],
    Secret: f.secret?.redacted,
    Match: src?.snippet,
  };
}

/** gitleaks 1–7 wrote lower-case keys (`rule`, `offender`, `lineNumber`); 8 writes `RuleID`, `Secret`… */
const isV8 = (r: Rec) => typeof r.RuleID === 'string';
const ruleOf = (r: Rec) => String((isV8(r) ? r.RuleID : (r.rule ?? r.reason)) ?? '');

// secureCodeBox's parser for gitleaks 7 rated by tag words found in the comma-separated tags.
const V7_HIGH = ['JWT', 'Artifactory', 'AWS', 'PrivateKey'];
const V7_MEDIUM = [
  ...['Hash', 'Facebook', 'Twitter', 'Github', 'LinkedIn', 'Slack', 'Google', 'Heroku'],
  ...['Mailchimp', 'Mailgun', 'Paypal', 'Picatic', 'Teams', 'Jenkins', 'Stripe', 'Square', 'Twilio'],
];

function severityOf(r: Rec): ScbSeverity {
  if (isV8(r)) {
    // gitleaks 8: a rule tagged exactly HIGH or LOW says so; everything else is MEDIUM.
    const tags = Array.isArray(r.Tags) ? r.Tags : [];
    return tags.includes('HIGH') ? 'HIGH' : tags.includes('LOW') ? 'LOW' : 'MEDIUM';
  }
  const tags = typeof r.tags === 'string' ? r.tags : '';
  if (V7_HIGH.some((t) => tags.includes(t))) return 'HIGH';
  return V7_MEDIUM.some((t) => tags.includes(t)) ? 'MEDIUM' : 'LOW';
}

function attributesOf(r: Rec): Rec {
  if (isV8(r)) {
    return {
      commit: `${r.Commit}`,
      description: r.Description,
      offender: r.Secret,
      author: r.Author,
      email: r.Email,
      date: r.Date,
      file: r.File,
      line_number: r.StartLine,
      tags: r.Tags,
      line: r.Match,
    };
  }
  return {
    commit: `${r.commit}`,
    repo: r.repo,
    offender: r.offender,
    author: r.author,
    email: r.email,
    date: r.date,
    file: r.file,
    line_number: r.lineNumber,
    tags: typeof r.tags === 'string' ? r.tags.split(',').map((t) => t.trim()) : r.tags,
    line: r.line,
  };
}

/**
 * secureCodeBox's gitleaks parser (scanners/gitleaks/parser/parser.js): the rule id as name, a
 * fixed category and description, severity from the rule's tags, everything else in attributes and
 * no location. Records of gitleaks 7 and older follow the parser secureCodeBox shipped for them.
 * Without the scan's repository annotation secureCodeBox writes the bare commit hash, as here. The
 * secret (`offender`) and its line (`line`) are the redacted forms, never the clear text.
 */
export const gitleaksConvention: ScbConvention = {
  name: (f) => ruleOf(recordOf(f)) || undefined,
  description: (f) => `The name of the rule which triggered the finding: ${ruleOf(recordOf(f))}`,
  category: () => 'Potential Secret',
  severity: (f) => severityOf(recordOf(f)),
  osiLayer: () => 'APPLICATION',
  location: () => undefined,
  mitigation: () => undefined,
  references: () => undefined,
  identifiedAt: () => undefined,
  attributes: (f) => attributesOf(recordOf(f)),
};
