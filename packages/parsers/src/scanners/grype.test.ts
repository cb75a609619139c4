import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { isParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { grypeParser } from './grype.js';

const dataPath = new URL('../../test/data/grype-debian.json', import.meta.url).pathname;
const legacyPath = new URL('../../test/data/grype/legacy-matchdetails-object.json', import.meta.url).pathname;
const parse = (source: ConstructorParameters<typeof ParseInput>[0], warnings: string[] = []) =>
  collect(grypeParser.parse(new ParseInput(source), { onWarning: (w) => warnings.push(w) }));
const parseError = (text: string) => parse({ text }).catch((e: unknown) => e);

describe('grype parser', () => {
  it('reads a grype -o json report: package, ids, CVSS, fix, and the context written after the matches', async () => {
    const warnings: string[] = [];
    const [openssl, urllib3, tar, utilLinux, ...rest] = await parse({ path: dataPath }, warnings);
    expect(rest).toHaveLength(0);
    expect(openssl).toMatchObject({
      tool: { id: 'grype', name: 'Grype', version: '0.74.0' },
      ruleId: 'CVE-2021-3711',
      severity: 'critical',
      category: 'SCA',
      cwe: ['CWE-120'],
      cve: ['CVE-2021-3711'],
      // the related NVD record's CVSS 3.1, not its 2.0
      cvss: { version: '3.1', score: 9.8 },
      location: {
        kind: 'package',
        name: 'libssl1.1',
        version: '1.1.1k-1',
        fixedVersion: '1.1.1l-1',
        ecosystem: 'deb',
        path: '/usr/share/doc/libssl1.1/copyright',
        purl: 'pkg:deb/debian/libssl1.1@1.1.1k-1?arch=amd64&upstream=openssl&distro=debian-11',
      },
      mitigation: 'Upgrade libssl1.1 to 1.1.1l-1.',
      // the same vulnerability matched twice (direct and indirect) for one package
      occurrences: 2,
      attributes: { target: 'debian:11', distro: 'debian 11', fixState: 'fixed' },
    });
    expect(urllib3).toMatchObject({
      ruleId: 'GHSA-v845-jxx5-vc9f',
      severity: 'high',
      cve: ['GHSA-v845-jxx5-vc9f', 'CVE-2023-43804'],
      cvss: { score: 5.9 },
      location: { name: 'urllib3', version: '1.26.5', purl: 'pkg:pypi/urllib3@1.26.5', ecosystem: 'python' },
    });
    expect(tar).toMatchObject({ severity: 'info', location: { name: 'tar' } });
    expect(tar?.mitigation).toBeUndefined();
    expect(tar?.location?.kind === 'package' && tar.location.fixedVersion).toBeUndefined();
    expect(utilLinux).toMatchObject({
      severity: 'low',
      mitigation: 'The package maintainers will not fix this vulnerability.',
    });
    expect(warnings).toEqual(['grype: 1 ignored match(es) (grype ignore rules) are not imported']);
  });

  it('reads an early grype report (0.6: matchDetails object, links, cvssV3/cvssV2, fixedInVersion, path locations)', async () => {
    // Our own report in the shape of grype's presenter models before the matchDetails list.
    const [web, admin, libc, ...rest] = await parse({ path: legacyPath });
    expect(rest).toHaveLength(0);
    expect(web).toMatchObject({
      tool: { id: 'grype', version: '0.6.0' },
      ruleId: 'CVE-2020-8203',
      severity: 'high',
      cve: ['CVE-2020-8203'],
      // cvssV3 is preferred over cvssV2
      cvss: { version: '3.1', score: 7.4, vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' },
      location: {
        kind: 'package',
        name: 'lodash',
        version: '4.17.15',
        fixedVersion: '4.17.19',
        purl: 'pkg:npm/lodash@4.17.15',
        path: '/src/web/package-lock.json',
      },
      mitigation: 'Upgrade lodash to 4.17.19.',
      references: ['https://nvd.nist.gov/vuln/detail/CVE-2020-8203'],
      occurrences: 1,
      attributes: { fixState: 'fixed', matchers: ['javascript-matcher'], target: '/src' },
    });
    // The same vulnerability of the same package at another path is another finding.
    expect(admin).toMatchObject({
      ruleId: 'CVE-2020-8203',
      location: { path: '/src/admin/package-lock.json' },
    });
    expect(admin?.fingerprint).not.toBe(web?.fingerprint);
    expect(libc).toMatchObject({
      severity: 'info',
      location: { name: 'libc6', version: '2.28-10', path: '/var/lib/dpkg/status' },
      attributes: { matchers: ['dpkg-matcher'] },
    });
    expect(libc?.mitigation).toBeUndefined();
    expect(libc?.cvss).toBeUndefined();
  });

  it('takes cvssV2 when an early report has no cvssV3, and reads "matches": null as no findings', async () => {
    const match = {
      vulnerability: {
        id: 'CVE-2016-2779',
        severity: 'High',
        cvssV2: { baseScore: 7.2, vector: 'AV:L/AC:L/Au:N/C:C/I:C/A:C' },
      },
      matchDetails: { matcher: 'dpkg-matcher', searchKey: {}, matchedOn: {} },
      artifact: { name: 'util-linux', version: '2.33.1-0.1', type: 'deb', locations: [] },
    };
    const [f] = await parse({ text: JSON.stringify({ matches: [match], source: {}, distro: {} }) });
    expect(f?.cvss).toEqual({ version: '2.0', vector: 'AV:L/AC:L/Au:N/C:C/I:C/A:C', score: 7.2 });
    expect(f?.location).toMatchObject({ name: 'util-linux' });
    expect(
      await parse({ text: '{"matches":null,"source":{"type":"image"},"descriptor":{"name":"grype"}}' }),
    ).toEqual([]);
  });

  it('with oneFindingPerRecord keeps each match, in report order (no merging)', async () => {
    const merged = await parse({ path: dataPath });
    const each = await collect(
      grypeParser.parse(new ParseInput({ path: dataPath }), { oneFindingPerRecord: true }),
    );
    // libssl1.1 is matched twice (direct and indirect): one finding merged, two per record
    expect(merged).toHaveLength(4);
    expect(
      each.map((f) => [f.ruleId, f.location?.kind === 'package' && f.location.name, f.occurrences]),
    ).toEqual([
      ['CVE-2021-3711', 'libssl1.1', 1],
      ['CVE-2021-3711', 'libssl1.1', 1],
      ['GHSA-v845-jxx5-vc9f', 'urllib3', 1],
      [expect.any(String), 'tar', 1],
      [expect.any(String), 'util-linux', 1],
    ]);
  });

  it('gives the same findings from a one-shot stream (read once, in pieces)', async () => {
    const bytes = readFileSync(dataPath);
    const fromFile = await parse({ path: dataPath });
    const fromStream = await parse({
      stream: (async function* () {
        yield bytes.subarray(0, 1000);
        yield bytes.subarray(1000);
      })(),
    });
    expect(fromStream.map((f) => f.fingerprint)).toEqual(fromFile.map((f) => f.fingerprint));
  });

  it('turns malformed input into ParseErrors with the JSON path', async () => {
    const missingId = await parseError(
      '{"matches":[{"vulnerability":{"severity":"High"},"artifact":{"name":"x"}}]}',
    );
    expect(isParseError(missingId) && missingId.where.path).toBe('$.matches[0].vulnerability.id');
    const notGrype = await parseError('{"SchemaVersion":2,"Results":[]}');
    expect(isParseError(notGrype) && notGrype.where.path).toBe('$');
    expect(isParseError(await parseError('{"matches":[{"vulnerability":'))).toBe(true);
    expect(isParseError(await parseError(''))).toBe(true);
  });

  it('is detected from the head, and not from another scanner report', () => {
    const head = readFileSync(dataPath, 'utf8').slice(0, 6000);
    expect(grypeParser.detect(head)).toBe(95);
    expect(detectScannerFromHead(head)?.scanner).toBe('grype');
    expect(
      grypeParser.detect('{"matches":[],"source":{},"descriptor":{"name":"grype","version":"0.74.0"}}'),
    ).toBe(100);
    expect(
      grypeParser.detect('{"SchemaVersion":2,"ArtifactName":"x","Results":[{"Vulnerabilities":[]}]}'),
    ).toBe(0);
  });
});
