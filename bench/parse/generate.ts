import { closeSync, openSync, writeSync } from 'node:fs';

/** Writes strings to a file in 4 MiB blocks; returns the bytes written. */
export function writer(file: string) {
  const fd = openSync(file, 'w');
  let parts: string[] = [];
  let pending = 0;
  let total = 0;
  const flush = () => {
    if (parts.length === 0) return;
    const buf = Buffer.from(parts.join(''));
    writeSync(fd, buf);
    total += buf.length;
    parts = [];
    pending = 0;
  };
  return {
    write(s: string) {
      parts.push(s);
      pending += s.length;
      if (pending > 4 * 1024 * 1024) flush();
    },
    get size() {
      return total + pending;
    },
    close() {
      flush();
      closeSync(fd);
      return total;
    },
  };
}

const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'UNKNOWN'];
const DESCRIPTION =
  'APT had several integer overflows and underflows while parsing .deb packages, aka GHSL-2020-168 GHSL-2020-169, in files apt-pkg/contrib/extracttar.cc, apt-pkg/deb/debfile.cc, and apt-pkg/contrib/arfile.cc. "Quoted" text, a \\ backslash, unicode é ✓ and brackets [x] {y}.';

function trivyVulnerability(i: number) {
  const id = `CVE-${2015 + (i % 10)}-${10000 + i}`;
  const pkg = `libpkg${i % 5000}`;
  return {
    VulnerabilityID: id,
    VendorIDs: i % 3 === 0 ? [`DSA-${4000 + (i % 900)}-1`] : undefined,
    PkgID: `${pkg}@1.${i % 50}.0`,
    PkgName: pkg,
    PkgIdentifier: {
      PURL: `pkg:deb/debian/${pkg}@1.${i % 50}.0?arch=amd64&distro=debian-12`,
      UID: (i * 2654435761).toString(16),
    },
    InstalledVersion: `1.${i % 50}.0`,
    FixedVersion: i % 4 === 0 ? '' : `1.${i % 50}.1`,
    Status: i % 4 === 0 ? 'affected' : 'fixed',
    Layer: { DiffID: 'sha256:13cb14c2acd34e45446a50af25cb05095a17624678dbafbcc9e26086547c1d74' },
    SeveritySource: i % 2 ? 'nvd' : 'debian',
    PrimaryURL: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
    DataSource: {
      ID: 'debian',
      Name: 'Debian Security Tracker',
      URL: 'https://salsa.debian.org/security-tracker-team/security-tracker',
    },
    Title: `${pkg}: integer overflow while parsing packages`,
    Description: DESCRIPTION,
    Severity: SEVERITIES[i % SEVERITIES.length],
    CweIDs: i % 5 === 0 ? undefined : [`CWE-${190 + (i % 7)}`],
    VendorSeverity: { debian: 1, nvd: 2 },
    CVSS: {
      nvd: {
        V2Vector: 'AV:L/AC:L/Au:N/C:P/I:P/A:P',
        V3Vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H',
        V2Score: 4.6,
        V3Score: 7.8,
      },
    },
    References: [
      `https://security-tracker.debian.org/tracker/${id}`,
      'https://www.debian.org/security/2020/dsa-4808',
      `https://nvd.nist.gov/vuln/detail/${id}`,
    ],
    PublishedDate: '2020-12-10T04:15:00Z',
    LastModifiedDate: '2021-01-08T12:15:00Z',
  };
}

/** A SchemaVersion 2 report, indented like Trivy's own output, of about `bytes` bytes. */
export function generateTrivy(file: string, bytes: number): number {
  const w = writer(file);
  w.write(
    '{\n  "SchemaVersion": 2,\n  "CreatedAt": "2024-01-15T08:58:29.82753744Z",\n  "ArtifactName": "bench:latest",\n  "ArtifactType": "container_image",\n  "Metadata": {"OS": {"Family": "debian", "Name": "12.4"}},\n  "Results": [\n',
  );
  let i = 0;
  for (let r = 0; w.size < bytes; r++) {
    w.write(
      `${r ? ',\n' : ''}    {\n      "Target": "bench:latest (debian 12.4) layer ${r}",\n      "Class": "os-pkgs",\n      "Type": "debian",\n      "Vulnerabilities": [\n`,
    );
    for (let k = 0; k < 2000 && w.size < bytes; k++, i++) {
      w.write((k ? ',\n' : '') + JSON.stringify(trivyVulnerability(i), null, 2).replace(/^/gm, '        '));
    }
    w.write('\n      ]\n    }');
  }
  w.write('\n  ]\n}\n');
  return w.close();
}

/** A one-run SARIF 2.1.0 log (compact, like most producers) of about `bytes` bytes. */
export function generateSarif(file: string, bytes: number): number {
  const w = writer(file);
  const rules = Array.from({ length: 200 }, (_, r) => ({
    id: `rule-${r}`,
    name: `Rule${r}`,
    shortDescription: { text: `Rule ${r} short description` },
    fullDescription: { text: `Rule ${r}: a longer description of why this pattern is dangerous.` },
    defaultConfiguration: { level: ['error', 'warning', 'note'][r % 3] },
    helpUri: `https://example.com/rules/${r}`,
    properties: {
      tags: ['security', `external/cwe/cwe-${79 + (r % 20)}`],
      precision: 'high',
      ...(r % 2 ? { 'security-severity': `${(r % 100) / 10}` } : {}),
    },
  }));
  w.write(
    `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"BenchScanner","version":"1.0.0","rules":${JSON.stringify(rules)}}},"invocations":[{"executionSuccessful":true,"endTimeUtc":"2024-01-15T08:58:29Z"}],"results":[`,
  );
  for (let i = 0; w.size < bytes; i++) {
    const r = i % 200;
    const result = {
      ruleId: `rule-${r}`,
      ruleIndex: r,
      message: {
        text: `Untrusted data flows from \`req.query.id\` to a SQL query built by concatenation in handler ${i}.`,
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: `src/module${i % 997}/file${i % 131}.ts`, uriBaseId: '%SRCROOT%' },
            region: {
              startLine: 1 + (i % 800),
              startColumn: 5,
              endLine: 1 + (i % 800),
              endColumn: 60,
              snippet: { text: '    const q = "SELECT * FROM users WHERE id = " + req.query.id;' },
            },
          },
        },
      ],
      partialFingerprints: {
        primaryLocationLineHash: `${(i * 2654435761).toString(16).padStart(16, '0').slice(0, 16)}:1`,
      },
    };
    w.write((i ? ',' : '') + JSON.stringify(result));
  }
  w.write(']}]}\n');
  return w.close();
}

/** trufflehog v3 JSON lines of about `bytes` bytes, with a log record every 100 lines. */
export function generateTrufflehog(file: string, bytes: number): number {
  const w = writer(file);
  for (let i = 0; w.size < bytes; i++) {
    if (i % 100 === 0)
      w.write(
        `{"level":"info-0","ts":"2024-03-01T10:00:00Z","logger":"trufflehog","msg":"scanning","chunks":${i}}\n`,
      );
    const key = `AKIA${(i * 2654435761).toString(36).toUpperCase().padStart(16, 'Q').slice(0, 16)}`;
    const line = {
      SourceMetadata: {
        Data: {
          Git: {
            commit: (i * 7919).toString(16).padStart(40, '0'),
            file: `config/env${i % 300}.txt`,
            email: 'Dev <dev@example.com>',
            repository: 'https://example.com/repo.git',
            timestamp: '2024-01-01 10:00:00 +0000',
            line: 1 + (i % 50),
          },
        },
      },
      SourceID: 1,
      SourceType: 16,
      SourceName: 'trufflehog - git',
      DetectorType: 2,
      DetectorName: 'AWS',
      DecoderName: 'PLAIN',
      Verified: i % 10 === 0,
      Raw: key,
      RawV2: `${key}wJalrXUtnFEMI/K7MDENG/bPxRfiCY${i}`,
      Redacted: key,
      ExtraData: { account: '123456789012', resource_type: 'Access key' },
      StructuredData: null,
    };
    w.write(`${JSON.stringify(line)}\n`);
  }
  return w.close();
}
