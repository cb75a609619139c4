import { normalizeInvictiScanId } from '@scanrelay/core';
import { ApiProblem } from '../errors/api-problem.js';
import { findProject } from './find-project.js';
import { findScanId } from './find-scan-id.js';

const SCAN_PARAMS = ['scanId', 'scan_id', 'ScanId'];

export interface TriggerRequest {
  /** How the sender proved itself. */
  via: 'bearer' | 'signature';
  query: URLSearchParams;
  body: Uint8Array;
  contentType: string;
  /** The configured project, when the delivery names none. */
  defaultProject: string;
}

/** What a delivery asks for, before the project name is validated. */
export interface TriggerTarget {
  scanId: string;
  project: string;
}

const refuse = (path: string, message: string) =>
  new ApiProblem('VALIDATION_FAILED', message, { errors: [{ path, message }] });

/**
 * The scan and project a delivery acts on. A token caller (Invicti's own integration, whose payload
 * is configurable) may name them in the query string or the body, as before. A signed delivery is
 * acted on only as signed: scan id and project come from the signed body (the project defaults to
 * the configured one), and a query parameter, which the signature does not cover, that names another
 * scan or project is refused with 400 — so that one signed delivery cannot be redirected.
 */
export function readTrigger(r: TriggerRequest): TriggerTarget {
  if (r.via === 'bearer') {
    const scanId = findScanId(r.query, r.body, r.contentType);
    if (!scanId) throw noScanId('?scanId=, ');
    return { scanId, project: r.query.get('project') ?? r.defaultProject };
  }
  const scanId = findScanId(new URLSearchParams(), r.body, r.contentType);
  if (!scanId) throw noScanId('the signed body: ');
  for (const name of SCAN_PARAMS) {
    const value = r.query.get(name);
    if (value !== null && normalizeInvictiScanId(value) !== scanId)
      throw refuse(name, `?${name}= names another scan than the signed body (${scanId}); drop it or sign it`);
  }
  const project = findProject(r.body, r.contentType) ?? r.defaultProject;
  const queried = r.query.get('project');
  if (queried !== null && queried.trim() !== project.trim())
    throw refuse(
      'project',
      `?project= names another project than the signed delivery ("${project}"); put the project in the signed body`,
    );
  return { scanId, project };
}

function noScanId(where: string): ApiProblem {
  return new ApiProblem(
    'VALIDATION_FAILED',
    `no Invicti scan id found (looked at ${where}ScanId, scanId, Issue.LatestScanId, Target.ScanId)`,
    { errors: [{ path: 'ScanId', message: 'expected a scan GUID' }] },
  );
}
