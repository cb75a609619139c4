import {
  type AttestationKeys,
  attestationKeysSchema,
  type BlocklistLifted,
  type BlocklistList,
  blocklistLiftedSchema,
  blocklistListSchema,
  type ProjectBlocklist,
  type ProjectSecurity,
  type PublishAnswer,
  type PublishRequest,
  projectBlocklistSchema,
  projectSecuritySchema,
  publishAnswerSchema,
  type SkillsPublishRequest,
} from '@scanrelay/api-schema';
import type { KyInstance } from 'ky';
import type { z } from 'zod';

/** The client's request runner: the answer validated with `schema`, failures as `ClientError`. */
export type CallApi = <S extends z.ZodType>(schema: S, run: () => Promise<Response>) => Promise<z.infer<S>>;

/** External SAST: publish a project, read its security view, the blocklist and the attestation keys. */
export interface SastClient {
  /**
   * `POST /api/v1/projects/{name}/publish` (scope upload): dispatches the project's SAST scans; the
   * answer lists the scans created and the providers skipped (a scan still in flight). Never retried:
   * a 429 is a `ClientError` `RATE_LIMITED` whose `retryAfter` says when to try again.
   */
  publish(project: string, body: PublishRequest): Promise<PublishAnswer>;
  /** `POST /api/v1/admin/skills/publish` (scope admin): the same with the seed's body (`skill_name`, `repo_url`). */
  skillsPublish(body: SkillsPublishRequest): Promise<PublishAnswer>;
  /** `GET /api/v1/projects/{name}/security`: every provider's verdict, counts, commit, the blocklist and the findings. */
  projectSecurity(project: string): Promise<ProjectSecurity>;
  /** `GET /api/v1/blocklist/{name}`: whether the project is blocked, and why. */
  projectBlocklist(project: string): Promise<ProjectBlocklist>;
  /** `GET /api/v1/blocklist`: the tenant's active entries. */
  listBlocklist(): Promise<BlocklistList>;
  /** `DELETE /api/v1/blocklist/{name}` (scope admin): deactivates the project's active entries. */
  liftBlocklist(project: string): Promise<BlocklistLifted>;
  /** `GET /api/v1/attestation-keys`: the public keys SAST results' attestations are verified with. */
  attestationKeys(): Promise<AttestationKeys>;
}

/** The SAST methods over the client's ky instance and request runner. */
export function createSastClient(http: KyInstance, call: CallApi): SastClient {
  const project = (name: string) => `api/v1/projects/${encodeURIComponent(name)}`;
  const blocklist = (name: string) => `api/v1/blocklist/${encodeURIComponent(name)}`;
  return {
    publish: (name, body) =>
      call(publishAnswerSchema, () => http.post(`${project(name)}/publish`, { json: body, retry: 0 })),
    skillsPublish: (body) =>
      call(publishAnswerSchema, () => http.post('api/v1/admin/skills/publish', { json: body, retry: 0 })),
    projectSecurity: (name) => call(projectSecuritySchema, () => http.get(`${project(name)}/security`)),
    projectBlocklist: (name) => call(projectBlocklistSchema, () => http.get(blocklist(name))),
    listBlocklist: () => call(blocklistListSchema, () => http.get('api/v1/blocklist')),
    liftBlocklist: (name) => call(blocklistLiftedSchema, () => http.delete(blocklist(name), { retry: 0 })),
    attestationKeys: () => call(attestationKeysSchema, () => http.get('api/v1/attestation-keys')),
  };
}
