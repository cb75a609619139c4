/**
 * An independent model of secureCodeBox's gitleaks parser (scanners/gitleaks/parser/parser.js),
 * written from reading it: raw gitleaks JSON report → the findings secureCodeBox emits (without the
 * `id`, `parsed_at` and `scan` its SDK adds). Records of gitleaks 8 follow the current parser;
 * records of gitleaks 7 and older (lower-case keys) the parser secureCodeBox shipped for them.
 */
export interface ScbOracleFinding {
  name: string;
  description?: string | null;
  category: string;
  severity: string;
  osi_layer?: string;
  location?: string | null;
  mitigation?: string | null;
  references?: { type: string; value: string }[] | null;
  identified_at?: string | null;
  attributes: Record<string, unknown>;
}

type Row = Record<string, unknown>;

const OLD_HIGH = new Set(['JWT', 'Artifactory', 'AWS', 'PrivateKey']);
const OLD_MEDIUM = new Set(
  'Hash Facebook Twitter Github LinkedIn Slack Google Heroku Mailchimp Mailgun Paypal Picatic Teams Jenkins Stripe Square Twilio'.split(
    ' ',
  ),
);

/** `repoUrl`: the scan's `metadata.scan.securecodebox.io/git-repo-url` annotation, if any. */
export function scbGitleaks(report: unknown, repoUrl?: string): ScbOracleFinding[] {
  if (!Array.isArray(report)) return [];
  const commitBase = repoUrl ? (repoUrl.endsWith('/') ? `${repoUrl}commit/` : `${repoUrl}/commit/`) : '';
  return report.map((row: Row) => ('RuleID' in row ? current(row, commitBase) : older(row)));
}

function current(row: Row, commitBase: string): ScbOracleFinding {
  const tags = row.Tags as string[];
  let severity = 'MEDIUM';
  if (tags.some((t) => t === 'HIGH')) severity = 'HIGH';
  else if (tags.some((t) => t === 'LOW')) severity = 'LOW';
  return {
    name: row.RuleID as string,
    description: `The name of the rule which triggered the finding: ${row.RuleID}`,
    osi_layer: 'APPLICATION',
    severity,
    category: 'Potential Secret',
    attributes: {
      commit: commitBase + String(row.Commit),
      description: row.Description,
      offender: row.Secret,
      author: row.Author,
      email: row.Email,
      date: row.Date,
      file: row.File,
      line_number: row.StartLine,
      tags: row.Tags,
      line: row.Match,
    },
  };
}

function older(row: Row): ScbOracleFinding {
  const tagText = row.tags as string;
  const has = (words: Set<string>) => [...words].some((w) => tagText.includes(w));
  const severity = has(OLD_HIGH) ? 'HIGH' : has(OLD_MEDIUM) ? 'MEDIUM' : 'LOW';
  return {
    name: row.rule as string,
    description: `The name of the rule which triggered the finding: ${row.rule}`,
    osi_layer: 'APPLICATION',
    severity,
    category: 'Potential Secret',
    attributes: {
      commit: String(row.commit),
      repo: row.repo,
      offender: row.offender,
      author: row.author,
      email: row.email,
      date: row.date,
      file: row.file,
      line_number: row.lineNumber,
      tags: tagText.split(',').map((t) => t.trim()),
      line: row.line,
    },
  };
}
