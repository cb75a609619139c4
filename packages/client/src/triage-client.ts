import {
  type BulkTriageRequest,
  type BulkTriageResult,
  bulkTriageRequestSchema,
  bulkTriageResultSchema,
  type FindingHistory,
  findingHistorySchema,
  type OpenVexDocument,
  openVexDocumentSchema,
  type StoredFinding,
  storedFindingSchema,
  type TriageRequest,
  triageRequestSchema,
} from '@scanrelay/api-schema';
import type { KyInstance } from 'ky';
import type { z } from 'zod';
import { ClientError } from './client-error.js';
import type { CallApi } from './sast-client.js';

/**
 * A request body as the API will read it, checked before it is sent: a `ClientError`
 * `invalid_request` naming the fields (as the API's 400 would) instead of a round trip.
 */
function checked<S extends z.ZodType>(schema: S, body: unknown): z.input<S> {
  const result = schema.safeParse(body);
  if (result.success) return body as z.input<S>;
  const errors = result.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
  throw new ClientError('invalid_request', `invalid ${errors[0]?.path}: ${errors[0]?.message}`, { errors });
}

/** Triage: read a finding, set its status (one or by filter), its history, and the project's OpenVEX. */
export interface TriageClient {
  /** `GET /api/v1/findings/{id}`: status, triage decision, first and last seen, occurrences. */
  getFinding(id: string): Promise<StoredFinding>;
  /**
   * `PATCH /api/v1/findings/{id}` (scope triage): `false_positive` or `accepted_risk` with a reason
   * (and for accepted risk an optional `expires`, `2027-06-30` or a date-time), or back to `open`.
   * Never retried. The body is checked first: a `ClientError` `invalid_request` (or the API's
   * `VALIDATION_FAILED`) whose `errors` name the field (`reason`, `expires`).
   */
  triageFinding(id: string, body: TriageRequest): Promise<StoredFinding>;
  /** `PATCH /api/v1/projects/{name}/findings` (scope triage): the same for every finding the filter matches. */
  triageFindings(project: string, body: BulkTriageRequest): Promise<BulkTriageResult>;
  /** `GET /api/v1/findings/{id}/history`: every status change, oldest first. */
  findingHistory(id: string): Promise<FindingHistory>;
  /** `GET /api/v1/projects/{name}/vex`: the project's triage decisions as an OpenVEX v0.2.0 document. */
  projectVex(project: string): Promise<OpenVexDocument>;
}

/** The triage methods over the client's ky instance and request runner. */
export function createTriageClient(http: KyInstance, call: CallApi): TriageClient {
  const finding = (id: string) => `api/v1/findings/${encodeURIComponent(id)}`;
  const project = (name: string) => `api/v1/projects/${encodeURIComponent(name)}`;
  return {
    getFinding: (id) => call(storedFindingSchema, () => http.get(finding(id))),
    triageFinding: async (id, body) => {
      const json = checked(triageRequestSchema, body);
      return call(storedFindingSchema, () => http.patch(finding(id), { json, retry: 0 }));
    },
    triageFindings: async (name, body) => {
      const json = checked(bulkTriageRequestSchema, body);
      return call(bulkTriageResultSchema, () => http.patch(`${project(name)}/findings`, { json, retry: 0 }));
    },
    findingHistory: (id) => call(findingHistorySchema, () => http.get(`${finding(id)}/history`)),
    projectVex: (name) => call(openVexDocumentSchema, () => http.get(`${project(name)}/vex`)),
  };
}
