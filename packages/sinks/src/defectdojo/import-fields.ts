import type { ImportType } from '@scanrelay/findings-schema';
import type { DefectDojoDestination } from '../destination-config.js';

/** Which DefectDojo endpoint a forward uses. */
export type DojoEndpoint = 'import-scan' | 'reimport-scan';

/**
 * The multipart text fields of an import or reimport. The import mode maps to DefectDojo's flags:
 * - `new`: `close_old_findings=true` (findings of the test absent from this report are closed; a reimport
 *   reactivates those that come back);
 * - `merge`: `close_old_findings=false`, a reimport reactivates findings that come back;
 * - `delta`: `close_old_findings=false` and, on a reimport, `do_not_reactivate=true`: add and update only.
 */
export function importFields(
  config: DefectDojoDestination,
  endpoint: DojoEndpoint,
  scanType: string,
  importType: ImportType,
): Record<string, string> {
  const fields: Record<string, string> = {
    scan_type: scanType,
    product_name: config.productName,
    engagement_name: config.engagementName,
    test_title: config.testTitle ?? scanType,
    auto_create_context: String(config.autoCreateContext),
    close_old_findings: String(importType === 'new'),
    minimum_severity: config.minimumSeverity,
    active: 'true',
  };
  if (endpoint === 'reimport-scan') fields.do_not_reactivate = String(importType === 'delta');
  return fields;
}
