import { defineParser } from '../scanner-parser.js';
import {
  detectGitlabReport,
  type GitlabReportSpec,
  gitlabSourceLocation,
  parseGitlabReport,
} from './gitlab-report.js';

/**
 * One vulnerability of a GitLab SAST report: the file and lines it names; `class`/`method` (Java
 * analyzers) are kept as attributes.
 */
const SAST: GitlabReportSpec = {
  scanner: 'gitlab-sast',
  type: 'sast',
  toolName: 'GitLab SAST',
  draft(v, common) {
    const loc = v.location;
    const object = [loc.class, loc.method].filter(Boolean).join('#');
    return {
      ...common,
      category: 'SAST',
      location: gitlabSourceLocation(loc),
      attributes: { ...common.attributes, ...(object ? { object } : {}) },
    };
  },
};

export const gitlabSastParser = defineParser({
  id: 'gitlab-sast',
  name: 'GitLab SAST',
  formats:
    'GitLab SAST report JSON (gl-sast-report.json), schema 2.x–15.x: {version, vulnerabilities[], scan}; with or without scan, category, id, cve, confidence',
  detect: (head) => detectGitlabReport(head, 'sast'),
  parse: (input, options) => parseGitlabReport(SAST, input, options),
});
