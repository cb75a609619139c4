const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;

/** A Trivy (SchemaVersion 2) report with `count` distinct vulnerabilities; `seed` makes reports differ. */
export function trivyReport(count: number, seed: number): string {
  const vulnerabilities = Array.from({ length: count }, (_, i) => ({
    VulnerabilityID: `CVE-2024-${String(10000 + i).padStart(5, '0')}`,
    PkgName: `pkg-${seed}-${i % 37}`,
    InstalledVersion: `1.${i % 9}.0`,
    FixedVersion: `1.${i % 9}.1`,
    Severity: SEVERITIES[i % SEVERITIES.length],
    Title: `Synthetic vulnerability ${i} in pkg-${i % 37}`,
    Description: 'A buffer overflow lets a remote attacker run code via a crafted request. '.repeat(3),
    References: [`https://nvd.nist.gov/vuln/detail/CVE-2024-${10000 + i}`],
    CweIDs: ['CWE-787'],
    CVSS: { nvd: { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', V3Score: 9.8 } },
  }));
  return JSON.stringify({
    SchemaVersion: 2,
    ArtifactName: `registry.example/app-${seed}:1.0`,
    ArtifactType: 'container_image',
    Results: [
      {
        Target: `registry.example/app-${seed}:1.0 (alpine 3.19)`,
        Class: 'os-pkgs',
        Type: 'alpine',
        Vulnerabilities: vulnerabilities,
      },
    ],
  });
}
