import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { TriagedFinding } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { countFindings, triageNotCarried } from '../count-findings.js';
import type { SinkDeps } from '../create-sink.js';
import type { DefectDojoDestination } from '../destination-config.js';
import { parseJsonResponse } from '../http/parse-json-response.js';
import { readReportHead } from '../http/read-report-head.js';
import { sinkHttpFor } from '../http/sink-http-for.js';
import type { Sink, SinkContext, SinkResult } from '../sink.js';
import {
  defectDojoScanType,
  GENERIC_FINDINGS_IMPORT,
  RAW_REPORT_HOLDS_SECRETS,
} from './defectdojo-scan-type.js';
import { type DojoEndpoint, importFields } from './import-fields.js';
import { multipartFileBody } from './multipart-file-body.js';
import { writeGenericReport } from './write-generic-report.js';

/** The part of DefectDojo's import/reimport answer we use: the test the findings went into. */
const importAnswerSchema = z
  .object({ test_id: z.number().int().optional(), test: z.number().int().optional() })
  .refine((a) => a.test_id !== undefined || a.test !== undefined, { message: 'expected test_id or test' });

interface Upload {
  scanType: string;
  file: { path: string; size: number; name: string };
  count: number;
  remove?: () => Promise<void>;
}

/** The original report where DefectDojo parses it, else our findings as a Generic Findings Import file. */
async function prepareUpload(
  findings: AsyncIterable<TriagedFinding>,
  context: SinkContext,
  destination: string,
  warn: (m: string) => void,
): Promise<Upload> {
  if (context.reportPath && RAW_REPORT_HOLDS_SECRETS.has(context.scanner)) {
    warn(
      `the ${context.scanner} report holds the secrets it found: DefectDojo gets the findings, secrets redacted, as a ${GENERIC_FINDINGS_IMPORT}`,
    );
  } else if (context.reportPath) {
    const scanType = defectDojoScanType(
      context.scanner,
      await readReportHead(context.reportPath, destination),
    );
    if (scanType) {
      const { size } = await stat(context.reportPath);
      const { count, triaged } = await countFindings(findings);
      if (triaged > 0) warn(triageNotCarried(triaged, context.scanner, 'DefectDojo'));
      return {
        scanType,
        file: { path: context.reportPath, size, name: basename(context.reportPath) },
        count,
      };
    }
    warn(
      `DefectDojo does not parse this ${context.scanner} report: the findings go as a ${GENERIC_FINDINGS_IMPORT}`,
    );
  }
  const report = await writeGenericReport(findings);
  return {
    scanType: GENERIC_FINDINGS_IMPORT,
    file: { path: report.path, size: report.bytes, name: `${context.scanner}-scanrelay.json` },
    count: report.count,
    remove: report.remove,
  };
}

/**
 * The DefectDojo sink: one `import-scan` (first import) or `reimport-scan` (afterwards) per forward, with
 * the product, engagement and test named, the original report as DefectDojo's scan type where DefectDojo
 * parses it, and our findings as a Generic Findings Import otherwise. The file is streamed from disk.
 */
export function createDefectDojoSink(config: DefectDojoDestination, deps: SinkDeps): Sink {
  const http = sinkHttpFor(config, deps, {
    baseUrl: config.url,
    secrets: [config.token],
    userAgent: 'scanrelay-sinks (defectdojo)',
  });

  return {
    name: config.name,
    kind: 'defectdojo',
    async send(findings, context): Promise<SinkResult> {
      const warnings: string[] = [];
      const warn = (message: string) => {
        warnings.push(message);
        context.onWarning?.(message);
      };
      const upload = await prepareUpload(findings, context, config.name, warn);
      const endpoint: DojoEndpoint = context.firstImport ? 'import-scan' : 'reimport-scan';
      const request = `POST /api/v2/${endpoint}/`;
      try {
        const res = await http.request({
          method: 'POST',
          path: `/api/v2/${endpoint}/`,
          headers: { authorization: `Token ${config.token}` },
          body: multipartFileBody(
            importFields(config, endpoint, upload.scanType, context.importType),
            upload.file,
          ),
          ...(context.signal ? { signal: context.signal } : {}),
        });
        const answer = parseJsonResponse(res, importAnswerSchema, { destination: config.name, request });
        const testId = String(answer.test_id ?? answer.test);
        deps.log?.(
          'info',
          `${config.name}: ${endpoint} of ${upload.count} findings as "${upload.scanType}" into DefectDojo test ${testId}`,
          {
            destination: config.name,
            endpoint,
            scanType: upload.scanType,
            testId,
            sent: upload.count,
          },
        );
        return {
          destination: config.name,
          kind: 'defectdojo',
          sent: upload.count,
          batches: 1,
          remoteIds: [testId],
          warnings,
        };
      } finally {
        await upload.remove?.();
      }
    },
  };
}
