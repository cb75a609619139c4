import { redactSecret } from '@scanrelay/findings-schema';
import { defineParser } from '../scanner-parser.js';
import {
  detectGitlabReport,
  type GitlabReportSpec,
  gitlabSourceLocation,
  parseGitlabReport,
} from './gitlab-report.js';
import { redactLine } from './support/redact-line.js';

/** A text with every occurrence of the secret replaced by `by` (the redacted form or the hash). */
function without(text: string | undefined, secret: string | undefined, by: string): string | undefined {
  return text !== undefined && secret && text.includes(secret) ? text.split(secret).join(by) : text;
}

/**
 * One vulnerability of a GitLab secret detection report: the file and line of the leak, the commit
 * it was found in (history scans). `raw_source_code_extract` is the secret itself: only its redacted
 * form and hash are kept, and it is cut out of every other text of the finding.
 */
const SECRET_DETECTION: GitlabReportSpec = {
  scanner: 'gitlab-secret-detection',
  type: 'secret_detection',
  toolName: 'GitLab Secret Detection',
  draft(v, common) {
    const loc = v.location;
    const raw = v.raw_source_code_extract?.trim() ? v.raw_source_code_extract : undefined;
    const secret = raw === undefined ? undefined : redactSecret(raw);
    const masked = secret?.redacted ?? '****';
    const commit = loc.commit;
    return {
      ...common,
      name: without(common.name, raw, masked) ?? common.name,
      description: without(common.description, raw, masked),
      mitigation: without(common.mitigation, raw, masked),
      // The 2.x compare key names the file and rule; should it quote the secret, its hash stands in.
      stableId: without(common.stableId, raw, secret?.sha256 ?? masked),
      category: 'Secrets',
      secret,
      location: gitlabSourceLocation(loc, {
        snippet: raw === undefined ? undefined : redactLine(raw, raw, masked),
      }),
      attributes: {
        ...common.attributes,
        ...(commit?.sha && commit.sha !== '0000000' ? { commit: commit.sha } : {}),
        ...(commit?.date ? { commitDate: commit.date } : {}),
      },
    };
  },
};

export const gitlabSecretDetectionParser = defineParser({
  id: 'gitlab-secret-detection',
  name: 'GitLab Secret Detection',
  formats:
    'GitLab secret detection report JSON (gl-secret-detection-report.json), schema 3.x–15.x: {version, vulnerabilities[], scan}; secrets redacted',
  detect: (head) => detectGitlabReport(head, 'secret_detection'),
  parse: (input, options) => parseGitlabReport(SECRET_DETECTION, input, options),
});
