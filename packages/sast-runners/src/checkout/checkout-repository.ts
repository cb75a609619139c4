import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { OutboundPolicy, ResolveOptions } from '@scanrelay/outbound';
import { runTool } from '../run-tool.js';
import { isSastError, SastError } from '../sast-error.js';
import { directorySize } from './directory-size.js';
import { outboundPolicyFromEnv } from './outbound-policy-from-env.js';
import { validateRef } from './validate-ref.js';
import { validateRepoUrl } from './validate-repo-url.js';

export interface CheckoutOptions {
  repoUrl: string;
  /** A branch, tag or 40-hex commit; the default branch when absent. */
  ref?: string;
  /** Where the checkout goes: a directory that does not exist yet (its parent must). */
  dir: string;
  /** Which repository URLs are allowed; default from `SCANRELAY_ALLOW_PRIVATE_URLS`. */
  policy?: OutboundPolicy;
  /** For the whole checkout; default 120 s. */
  timeoutMs?: number;
  /** The checkout's size on disk (`.git` included) at most; default 256 MiB. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Host name resolution (tests); default the system's. */
  lookup?: ResolveOptions['lookup'];
}

/** A checkout at a known commit. */
export interface Checkout {
  dir: string;
  /** `git rev-parse HEAD` of the checkout. */
  commitSha: string;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const SIZE_POLL_MS = 200;
const GIT_OUTPUT_BYTES = 1024 * 1024;
const SHA = /^[0-9a-f]{40}$/;
const NO_SHALLOW = 'does not support shallow';

/** The environment git runs with: no prompts, no system or user configuration, no LFS downloads. */
const GIT_ENV = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_LFS_SKIP_SMUDGE: '1',
  GIT_PROTOCOL_FROM_USER: '0',
};

/** Settings on every git call: only http(s), no redirects, no credentials helpers, no symlinks. */
function gitConfig(pin: string, allowHttp: boolean): string[] {
  const settings = [
    'protocol.allow=never',
    'protocol.https.allow=always',
    `protocol.http.allow=${allowHttp ? 'always' : 'never'}`,
    'protocol.file.allow=never',
    'protocol.ext.allow=never',
    'http.followRedirects=false',
    `http.curloptResolve=${pin}`,
    'credential.helper=',
    'core.symlinks=false',
    'core.hooksPath=/dev/null',
    'core.fsmonitor=false',
    'submodule.recurse=false',
  ];
  return settings.flatMap((setting) => ['-c', setting]);
}

/** The end of git's standard error, short: the reason of a failure. */
function gitReason(stderr: string): string {
  const lines = stderr
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '');
  const fatal = lines.filter((line) => line.startsWith('fatal:') || line.startsWith('error:'));
  return (fatal.length > 0 ? fatal : lines).slice(-2).join('; ').slice(0, 300) || 'no message';
}

/**
 * Clones `repoUrl` (`git clone --depth 1`, then a fetch and detached checkout of `ref` when one is
 * given) into `dir` and returns the commit checked out. The URL and ref are validated before git
 * runs; git is pinned to the checked address, with no redirects, http(s) only, `--` before every
 * user value, under a time limit and a size cap. Throws `SastError`: `invalid_repo_url`,
 * `invalid_ref`, `checkout_failed`, `checkout_timeout`, `checkout_too_large` or `aborted`.
 */
export async function checkoutRepository(options: CheckoutOptions): Promise<Checkout> {
  const policy = options.policy ?? outboundPolicyFromEnv();
  const ref = options.ref === undefined ? undefined : validateRef(options.ref);
  const { url, pin } = await validateRepoUrl(options.repoUrl, policy, { lookup: options.lookup });
  const dir = path.resolve(options.dir);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const config = gitConfig(pin, policy.allowHttp === true);

  const stopper = new AbortController();
  let tooLarge = false;
  const onAbort = () => stopper.abort();
  if (options.signal?.aborted) stopper.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const checkSize = async () => {
    if ((await directorySize(dir, maxBytes)) > maxBytes) {
      tooLarge = true;
      stopper.abort();
    }
  };
  const poll = setInterval(() => void checkSize(), SIZE_POLL_MS);

  const git = async (args: string[], cwd: string): Promise<string> => {
    const remaining = deadline - Date.now();
    if (remaining <= 0)
      throw new SastError('checkout_timeout', `checkout of ${url.href} took longer than its time limit`);
    let out: Awaited<ReturnType<typeof runTool>>;
    try {
      out = await runTool('git', [...config, ...args], {
        cwd,
        env: GIT_ENV,
        timeoutMs: remaining,
        maxOutputBytes: GIT_OUTPUT_BYTES,
        signal: stopper.signal,
      });
    } catch (error) {
      if (tooLarge)
        throw new SastError('checkout_too_large', `${url.href} is larger than the cap of ${maxBytes} bytes`);
      if (isSastError(error) && error.code === 'tool_not_installed')
        throw new SastError('checkout_failed', 'git is not installed (not found on PATH)', { cause: error });
      throw error;
    }
    if (out.timedOut)
      throw new SastError('checkout_timeout', `checkout of ${url.href} took longer than its time limit`);
    if (out.exitCode !== 0) {
      const error = new SastError(
        'checkout_failed',
        `git ${args[0]} of ${url.href} failed: ${gitReason(out.stderr)}`,
      );
      (error as { shallowUnsupported?: boolean }).shallowUnsupported = out.stderr.includes(NO_SHALLOW);
      throw error;
    }
    return out.stdout.toString('utf8').trim();
  };

  const parent = path.dirname(dir);
  const clone = async (depth: string[]) => {
    await rm(dir, { recursive: true, force: true });
    await git(
      ['clone', ...depth, '--no-tags', ...(ref ? ['--no-checkout'] : []), '--', url.href, dir],
      parent,
    );
  };

  try {
    let depth = ['--depth', '1'];
    try {
      await clone(depth);
    } catch (error) {
      // git's dumb HTTP protocol cannot clone shallow: clone whole, the size cap still holds.
      if (!(error as { shallowUnsupported?: boolean }).shallowUnsupported) throw error;
      depth = [];
      await clone(depth);
    }
    if (ref) {
      await git(['fetch', '--quiet', ...depth, '--no-tags', '--', 'origin', ref.ref], dir);
      await git(['checkout', '--quiet', '--detach', 'FETCH_HEAD'], dir);
    }
    await checkSize();
    if (tooLarge)
      throw new SastError('checkout_too_large', `${url.href} is larger than the cap of ${maxBytes} bytes`);
    const commitSha = await git(['rev-parse', '--verify', 'HEAD^{commit}'], dir);
    if (!SHA.test(commitSha))
      throw new SastError(
        'checkout_failed',
        `git rev-parse gave "${commitSha.slice(0, 80)}", not a commit sha`,
      );
    if (ref?.isCommit && commitSha !== ref.ref)
      throw new SastError('checkout_failed', `checked out ${commitSha}, not the requested commit ${ref.ref}`);
    return { dir, commitSha };
  } catch (error) {
    if (options.signal?.aborted && !tooLarge)
      throw new SastError('aborted', 'the checkout was cancelled', { cause: error });
    throw error;
  } finally {
    clearInterval(poll);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
