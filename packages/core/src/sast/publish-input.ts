import { publishRequestSchema } from '@scanrelay/api-schema';
import { projectNameSchema } from '@scanrelay/findings-schema';
import { isSastError, type SastProvider, validateRef, validateRepoUrl } from '@scanrelay/sast-runners';
import { CoreError } from '../core-error.js';
import type { SastBackend } from './sast-config.js';
import type { PublishInput, SastDeps } from './sast-types.js';

/** A publish that passed every check: what publishProject acts on. */
export interface ValidPublish {
  tenantId: string;
  project: string;
  repoUrl: string;
  ref?: string;
  /** The providers to scan with, each with its configured backend, in the order asked (no repeats). */
  providers: { provider: SastProvider; backend: SastBackend }[];
}

const invalid = (detail: string, cause?: unknown) => new CoreError('invalid_input', detail, { cause });

/**
 * Checks a publish before anything is written: the project name, the repository URL by the runners'
 * own rules under `deps.outbound` (https unless allowed, no credentials, no `ext::` transports, no
 * private address unless allowed, checked on the addresses the host resolves to), the ref by the
 * runners' rules (nothing option-like), and the providers against `deps.config.providers` (default:
 * all of them). Throws CoreError `invalid_input` naming the field.
 */
export async function parsePublishInput(deps: SastDeps, input: PublishInput): Promise<ValidPublish> {
  const name = projectNameSchema.safeParse(input.project);
  if (!name.success) throw invalid(`project: ${name.error.issues[0]?.message ?? 'invalid name'}`);
  const request = publishRequestSchema.safeParse({
    repoUrl: input.repoUrl,
    ref: input.ref,
    providers: input.providers,
  });
  if (!request.success) {
    const issue = request.error.issues[0];
    throw invalid(`${issue?.path.join('.') || '(body)'}: ${issue?.message ?? 'invalid'}`);
  }
  const { repoUrl, ref, providers: asked } = request.data;
  try {
    await validateRepoUrl(repoUrl, deps.outbound, { lookup: deps.lookup });
    if (ref !== undefined) validateRef(ref);
  } catch (err) {
    if (!isSastError(err)) throw err;
    throw invalid(`${err.code === 'invalid_ref' ? 'ref' : 'repoUrl'}: ${err.detail}`, err);
  }
  return { tenantId: input.tenantId, project: name.data, repoUrl, ref, providers: chosen(deps, asked) };
}

function chosen(deps: SastDeps, asked: string[] | undefined): ValidPublish['providers'] {
  const configured = deps.config.providers;
  if (asked === undefined) return configured.map((p) => ({ provider: p.provider, backend: p.backend }));
  const byName = new Map(configured.map((p) => [p.provider as string, p]));
  const unknown = asked.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    const list = unknown.map((n) => `"${n}"`).join(', ');
    throw invalid(
      `providers: ${list} ${unknown.length === 1 ? 'is' : 'are'} not configured; configured: ${[...byName.keys()].join(', ')}`,
    );
  }
  return [...new Set(asked)].map((name) => {
    const p = byName.get(name)!;
    return { provider: p.provider, backend: p.backend };
  });
}
