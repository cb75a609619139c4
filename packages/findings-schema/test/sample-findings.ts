import { createFinding, type Finding, redactSecret, type TriagedFinding } from '../src/index.js';

/** One finding per location kind and per scanner with a secureCodeBox convention, for conversion tests. */
export function sampleFindings(): Finding[] {
  return [
    createFinding({
      tool: { id: 'trivy', name: 'Trivy', version: '0.50.1' },
      ruleId: 'CVE-2021-44228',
      name: 'CVE-2021-44228 org.apache.logging.log4j:log4j-core 2.14.1',
      description: 'Apache Log4j2 JNDI features do not protect against attacker controlled LDAP endpoints.',
      severity: 'critical',
      category: 'Vulnerable dependency',
      location: {
        kind: 'package',
        name: 'org.apache.logging.log4j:log4j-core',
        version: '2.14.1',
        fixedVersion: '2.15.0',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        path: 'app/pom.xml',
      },
      cwe: ['CWE-502', 'CWE-917'],
      cve: ['CVE-2021-44228'],
      cvss: { version: '3.1', score: 10 },
      references: ['https://nvd.nist.gov/vuln/detail/CVE-2021-44228'],
      attributes: {
        target: 'app/pom.xml',
        artifactName: 'registry.example/app:1.2.3',
        title: 'log4j-core: Remote code injection in Log4j',
      },
    }),
    createFinding({
      tool: { id: 'semgrep', name: 'Semgrep', version: '1.60.0' },
      ruleId: 'javascript.express.security.audit.xss.direct-response-write',
      name: 'Detected directly writing to a Response object from user-defined input',
      severity: 'medium',
      category: 'SAST',
      confidence: 'medium',
      location: {
        kind: 'source',
        file: 'src/routes/search.js',
        startLine: 42,
        endLine: 44,
        column: 5,
        endColumn: 30,
      },
      cwe: ['CWE-79'],
      stableId: '0a1b2c3d',
      attributes: { ruleCategory: 'security' },
    }),
    createFinding({
      tool: { id: 'zap', name: 'OWASP ZAP', version: '2.14.0' },
      ruleId: '10020',
      name: 'Missing Anti-clickjacking Header',
      severity: 'medium',
      category: 'DAST',
      location: {
        kind: 'url',
        url: 'https://shop.example.com/',
        method: 'GET',
        parameter: 'x-frame-options',
      },
      cwe: ['CWE-1021'],
      occurrences: 3,
      attributes: {
        alert: 'Missing Anti-clickjacking Header',
        site: 'https://shop.example.com',
        riskcode: '2',
      },
    }),
    createFinding({
      tool: { id: 'nuclei', name: 'Nuclei' },
      ruleId: 'ssh-weak-algo',
      name: 'SSH weak algorithms supported',
      severity: 'low',
      category: 'Network',
      location: { kind: 'host', host: '10.0.0.5', port: 22, protocol: 'tcp' },
    }),
    createFinding({
      tool: { id: 'gitleaks', name: 'Gitleaks' },
      ruleId: 'aws-access-token',
      name: 'AWS Access Key',
      severity: 'high',
      category: 'Secret',
      location: { kind: 'source', file: 'config/.env', startLine: 3 },
      secret: redactSecret('AKIAABCDEFGHIJKLMNOP'),
      attributes: { commit: '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c' },
    }),
    createFinding({
      tool: { id: 'npm-audit', name: 'npm audit' },
      ruleId: 'GHSA-p6mc-m468-83gw',
      name: 'Prototype Pollution in lodash',
      severity: 'info',
      category: 'Vulnerable dependency',
      location: { kind: 'package', name: 'lodash', version: '4.17.15', ecosystem: 'npm' },
      cve: ['GHSA-p6mc-m468-83gw'],
    }),
  ];
}

/**
 * The sample findings with triage decisions: trivy's log4j a false positive, semgrep's XSS a risk
 * accepted until mid-2027, the others open.
 */
export function triagedSampleFindings(): TriagedFinding[] {
  const [log4j, xss, ...rest] = sampleFindings();
  return [
    {
      ...log4j!,
      triage: {
        status: 'false-positive',
        reason: 'the JndiLookup class is removed from the shaded jar',
        at: '2026-12-01T09:00:00.000Z',
      },
    },
    {
      ...xss!,
      triage: {
        status: 'accepted-risk',
        reason: 'internal admin page behind SSO',
        acceptedUntil: '2027-06-30T23:59:59.999Z',
        at: '2026-12-02T10:30:00.000Z',
      },
    },
    ...rest,
  ];
}
