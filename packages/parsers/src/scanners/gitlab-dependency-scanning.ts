import { defineParser } from '../scanner-parser.js';
import { detectGitlabReport, type GitlabReportSpec, parseGitlabReport } from './gitlab-report.js';

/** `Upgrade to version 2.2.3 or above.`, `Upgrade to versions 1.2.4, 2.0.1 or above.`: the first version. */
const UPGRADE = /^Upgrade to versions? ([vV]?\d[^\s,]*)/i;

/**
 * One vulnerability of a GitLab dependency scanning report: the package (name, version) in the
 * dependency file it was found in. A vulnerability whose package has no name (seen in gemnasium
 * reports) keeps the dependency file as a source location.
 */
const DEPENDENCY_SCANNING: GitlabReportSpec = {
  scanner: 'gitlab-dependency-scanning',
  type: 'dependency_scanning',
  toolName: 'GitLab Dependency Scanning',
  draft(v, common) {
    const loc = v.location;
    const dep = loc.dependency;
    const name = dep?.package?.name?.trim();
    const fixed = UPGRADE.exec(v.solution?.trim() ?? '')?.[1]?.replace(/\.$/, '');
    return {
      ...common,
      category: 'Dependency',
      location: name
        ? {
            kind: 'package',
            name,
            version: dep?.version || undefined,
            fixedVersion: fixed,
            path: loc.file || undefined,
          }
        : loc.file
          ? { kind: 'source', file: loc.file }
          : undefined,
      attributes: {
        ...common.attributes,
        ...(dep?.direct !== undefined ? { direct: dep.direct } : {}),
      },
    };
  },
};

export const gitlabDependencyScanningParser = defineParser({
  id: 'gitlab-dependency-scanning',
  name: 'GitLab Dependency Scanning',
  formats:
    'GitLab dependency scanning report JSON (gl-dependency-scanning-report.json), schema 2.x–15.x: {version, vulnerabilities[], dependency_files[], scan}',
  detect: (head) => detectGitlabReport(head, 'dependency_scanning'),
  parse: (input, options) => parseGitlabReport(DEPENDENCY_SCANNING, input, options),
});
