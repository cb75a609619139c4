import type { ParseInput } from '../io/parse-input.js';
import { readCsvRows } from '../io/read-csv.js';
import { listOf, OPENVAS, type OpenvasResult } from './openvas-result.js';

/**
 * The results of a Greenbone/OpenVAS CSV export ("CSV Results" report format, GVM 9–22): one row per
 * result, columns by header name (QoD, EPSS and CWE columns appear in later versions).
 */
export async function* openvasCsvResults(
  input: ParseInput,
): AsyncGenerator<{ result: OpenvasResult; line: number }> {
  const rows = readCsvRows(input, {
    scanner: OPENVAS,
    required: ['IP', 'NVT Name'],
    expected: 'a Greenbone/OpenVAS CSV results header',
  });
  for await (const { fields: f, line } of rows) {
    yield {
      line,
      result: {
        oid: f['NVT OID'],
        name: f['NVT Name'],
        host: f.IP,
        hostname: f.Hostname,
        port: f.Port,
        protocol: f['Port Protocol'],
        threat: f.Severity,
        score: f.CVSS,
        cves: listOf(f.CVEs),
        cwe: f.CWEID ?? f['CWE ID'],
        references: listOf(f['Other References']).filter((r) => /^https?:\/\//i.test(r)),
        summary: f.Summary,
        insight: f['Vulnerability Insight'],
        impact: f.Impact,
        result: f['Specific Result'],
        solution: f.Solution,
        solutionType: f['Solution Type'],
        qod: f.QoD,
        time: f.Timestamp,
        resultId: f['Result ID'],
        task: f['Task Name'],
        epssScore: f['Max Severity EPSS score'],
        epssPercentile: f['Max Severity EPSS percentile'],
      },
    };
  }
}
