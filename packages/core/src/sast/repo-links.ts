/** How a repository host spells its commit and file pages. */
type HostStyle = 'github' | 'gitlab' | 'bitbucket';

interface RepoBase {
  /** `https://host/owner/repo`, without `.git`, credentials, query or fragment. */
  base: string;
  style: HostStyle;
}

/**
 * The web page of a repository URL, or undefined when it has none we can link to: only http(s)
 * URLs get links (an `ssh://` or `git@` remote does not name a web page). GitLab hosts (gitlab.com
 * and hosts named `gitlab.*`) and bitbucket.org have their own paths; every other host is spelled
 * the way GitHub, Gitea, Forgejo and most others spell it.
 */
function repoBase(repoUrl: string): RepoBase | undefined {
  let url: URL;
  try {
    url = new URL(repoUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  let path = url.pathname;
  while (path.endsWith('/')) path = path.slice(0, -1);
  if (path.endsWith('.git')) path = path.slice(0, -4);
  if (path === '') return undefined;
  const host = url.hostname.toLowerCase();
  const style: HostStyle =
    host === 'bitbucket.org'
      ? 'bitbucket'
      : host === 'gitlab.com' || host.startsWith('gitlab.')
        ? 'gitlab'
        : 'github';
  return { base: `${url.protocol}//${url.host}${path}`, style };
}

/** Each segment of a repository-relative path, URL-encoded; undefined for a path that leaves the checkout. */
function encodePath(file: string): string | undefined {
  const segments = file
    .replaceAll('\\', '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.includes('..')) return undefined;
  return segments.map(encodeURIComponent).join('/');
}

/**
 * The page of `commitSha` in the repository: `<repo>/commit/<sha>` (GitHub and most hosts),
 * `<repo>/-/commit/<sha>` (GitLab), `<repo>/commits/<sha>` (Bitbucket). Undefined for a repository
 * URL that is not http(s).
 */
export function commitUrl(repoUrl: string, commitSha: string): string | undefined {
  const repo = repoBase(repoUrl);
  if (!repo) return undefined;
  const sha = encodeURIComponent(commitSha);
  if (repo.style === 'gitlab') return `${repo.base}/-/commit/${sha}`;
  if (repo.style === 'bitbucket') return `${repo.base}/commits/${sha}`;
  return `${repo.base}/commit/${sha}`;
}

/**
 * The page of `file` at `commitSha`, at `line` when given: `<repo>/blob/<sha>/<path>#L<line>`
 * (GitLab `/-/blob/`, Bitbucket `/src/<sha>/<path>#lines-<line>`). Undefined for a repository URL
 * that is not http(s) or a path outside the repository.
 */
export function fileUrl(repoUrl: string, commitSha: string, file: string, line?: number): string | undefined {
  const repo = repoBase(repoUrl);
  const path = encodePath(file);
  if (!repo || path === undefined) return undefined;
  const sha = encodeURIComponent(commitSha);
  const hasLine = line !== undefined && Number.isInteger(line) && line > 0;
  if (repo.style === 'bitbucket') return `${repo.base}/src/${sha}/${path}${hasLine ? `#lines-${line}` : ''}`;
  const blob = repo.style === 'gitlab' ? '/-/blob/' : '/blob/';
  return `${repo.base}${blob}${sha}/${path}${hasLine ? `#L${line}` : ''}`;
}
