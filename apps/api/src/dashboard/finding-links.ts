/** MITRE's page of a `CWE-<n>` id; undefined for anything else. */
export function cweUrl(id: string): string | undefined {
  const m = /^CWE-(\d{1,6})$/i.exec(id);
  return m ? `https://cwe.mitre.org/data/definitions/${m[1]}.html` : undefined;
}

/**
 * The advisory page of a vulnerability id: NVD for `CVE-YYYY-N`, GitHub's advisory database for
 * `GHSA-xxxx-xxxx-xxxx`; undefined for other ids (OSV, vendor ids), shown as text.
 */
export function vulnerabilityUrl(id: string): string | undefined {
  if (/^CVE-\d{4}-\d{4,7}$/i.test(id)) return `https://nvd.nist.gov/vuln/detail/${id.toUpperCase()}`;
  if (/^GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}$/i.test(id)) return `https://github.com/advisories/${id}`;
  return undefined;
}
