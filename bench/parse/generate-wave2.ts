import { writer as blockWriter } from './generate.js';

const BURP_ISSUES = [
  ['5244416', 'Cookie without HttpOnly flag set', 'Low', 'Firm'],
  ['2097920', 'Cross-site scripting (reflected)', 'High', 'Certain'],
  ['1049088', 'SQL injection', 'High', 'Firm'],
  ['8389632', 'Strict transport security not enforced', 'Low', 'Certain'],
  ['6291968', 'Email addresses disclosed', 'Information', 'Certain'],
] as const;
const BACKGROUND =
  '<p>Reflected cross-site scripting vulnerabilities arise when data is copied from a request and echoed into the application&apos;s immediate response in an unsafe way. An attacker can use the vulnerability to construct a request that, if issued by another user, will cause JavaScript code supplied by the attacker to execute within the user&apos;s browser in the context of that user&apos;s session with the application.</p><ul><li>Validate input</li><li>Encode output</li></ul>';
const REQUEST = Buffer.from(
  `GET /search?q=%3Cscript%3E HTTP/1.1\r\nHost: app.example.test\r\nCookie: session=${'a'.repeat(64)}\r\nUser-Agent: Mozilla/5.0\r\n\r\n`,
).toString('base64');
const RESPONSE = Buffer.from(
  `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>${'<p>result</p>'.repeat(40)}</body></html>`,
).toString('base64');

/**
 * A Burp Suite "Report selected issues" XML export of about `bytes` bytes (~2.3 KB per issue, with a
 * base64 request and response as Burp writes them), the DOCTYPE Burp puts before the root included.
 */
export function generateBurp(file: string, bytes: number): number {
  const w = blockWriter(file);
  w.write(
    '<?xml version="1.0"?>\n<!DOCTYPE issues [\n<!ELEMENT issues (issue*)>\n<!ATTLIST issues burpVersion CDATA "">\n<!ATTLIST issues exportTime CDATA "">\n]>\n<issues burpVersion="2023.10.3.4" exportTime="Mon Nov 06 10:00:00 UTC 2023">\n',
  );
  for (let i = 0; w.size < bytes; i++) {
    const [type, name, severity, confidence] = BURP_ISSUES[i % BURP_ISSUES.length]!;
    w.write(
      `  <issue>\n    <serialNumber>${1_000_000_000 + i}</serialNumber>\n    <type>${type}</type>\n    <name>${name}</name>\n    <host ip="203.0.113.${i % 250}">https://app${i % 40}.example.test</host>\n    <path><![CDATA[/path/${i % 997}/search]]></path>\n    <location><![CDATA[/path/${i % 997}/search [q parameter]]]></location>\n    <severity>${severity}</severity>\n    <confidence>${confidence}</confidence>\n    <issueBackground><![CDATA[${BACKGROUND}]]></issueBackground>\n    <remediationBackground><![CDATA[<p>Validate and encode.</p>]]></remediationBackground>\n    <issueDetail><![CDATA[The value of the <b>q</b> request parameter is copied into the HTML document as plain text between tags. The payload <b>${i}</b> was submitted.]]></issueDetail>\n    <requestresponse>\n      <request method="GET" base64="true"><![CDATA[${REQUEST}]]></request>\n      <response base64="true"><![CDATA[${RESPONSE}]]></response>\n      <responseRedirected>false</responseRedirected>\n    </requestresponse>\n  </issue>\n`,
    );
  }
  w.write('</issues>\n');
  return w.close();
}

/**
 * A CycloneDX 1.5 JSON SBOM of about `bytes` bytes with vulnerabilities (~1.2 KB each) that affect
 * its components by bom-ref, components first as syft and cdxgen write them (one component per 4
 * vulnerabilities).
 */
export function generateCyclonedx(file: string, bytes: number): number {
  const w = blockWriter(file);
  const components = Math.max(1, Math.floor(bytes / 1200 / 4));
  w.write(
    '{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.5",\n  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",\n  "version": 1,\n  "metadata": {"timestamp": "2024-01-01T00:00:00Z", "tools": [{"vendor": "anchore", "name": "grype", "version": "0.74.0"}], "component": {"type": "container", "name": "app", "version": "1.0"}},\n  "components": [\n',
  );
  for (let c = 0; c < components; c++) {
    const purl = `pkg:npm/package-${c}@1.${c % 30}.0`;
    w.write(
      `${c ? ',\n' : ''}    {"bom-ref": "${purl}", "type": "library", "name": "package-${c}", "version": "1.${c % 30}.0", "purl": "${purl}", "licenses": [{"license": {"id": "MIT"}}]}`,
    );
  }
  w.write('\n  ],\n  "vulnerabilities": [\n');
  for (let i = 0; w.size < bytes; i++) {
    const c = i % components;
    const sev = ['critical', 'high', 'medium', 'low'][i % 4];
    w.write(
      `${i ? ',\n' : ''}    {"bom-ref": "vuln-${i}", "id": "CVE-${2018 + (i % 7)}-${10000 + i}", "source": {"name": "NVD", "url": "https://nvd.nist.gov/vuln/detail/CVE-${2018 + (i % 7)}-${10000 + i}"}, "ratings": [{"source": {"name": "NVD"}, "score": ${(4 + (i % 60) / 10).toFixed(1)}, "severity": "${sev}", "method": "CVSSv31", "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}], "cwes": [${79 + (i % 20)}], "description": "Prototype pollution in package-${c} allows an attacker to add or modify properties of Object.prototype using a __proto__ payload.", "recommendation": "Upgrade package-${c} to 1.${c % 30}.1 or later.", "advisories": [{"url": "https://github.com/advisories/GHSA-xxxx-${i % 10000}"}], "published": "2022-03-01T00:00:00Z", "updated": "2023-03-01T00:00:00Z", "affects": [{"ref": "pkg:npm/package-${c}@1.${c % 30}.0"}]}`,
    );
  }
  w.write('\n  ]\n}\n');
  return w.close();
}
