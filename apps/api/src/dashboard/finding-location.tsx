import { fileUrl } from '@scanrelay/core';
import type { Location } from '@scanrelay/findings-schema';
import { httpUrl } from '../security-page/html.js';

/** Where a finding's source file can be opened: the project's repository at the scanned commit. */
export interface RepoAtCommit {
  repoUrl?: string | null;
  commitSha?: string | null;
}

function ExternalLink({ href, children }: { href: string | undefined; children: string }) {
  if (href === undefined) return <code>{children}</code>;
  return (
    <a href={href} rel="noopener noreferrer">
      <code>{children}</code>
    </a>
  );
}

/**
 * A finding's location, short: `file:line` linked to the file at the scanned commit (when the
 * project has a repository URL and the scan a commit), `name@version → fixed`, the URL (linked
 * when http(s)), or `host:port`.
 */
export function LocationText({ location, repo }: { location: Location | undefined; repo?: RepoAtCommit }) {
  if (location === undefined) return <span class="muted">—</span>;
  switch (location.kind) {
    case 'source': {
      const label = location.startLine ? `${location.file}:${location.startLine}` : location.file;
      const href =
        repo?.repoUrl && repo.commitSha
          ? fileUrl(repo.repoUrl, repo.commitSha, location.file, location.startLine)
          : undefined;
      return <ExternalLink href={href}>{label}</ExternalLink>;
    }
    case 'package': {
      const label = location.version ? `${location.name}@${location.version}` : location.name;
      return (
        <>
          <code>{label}</code>
          {location.fixedVersion ? (
            <>
              {' → fixed in '}
              <code>{location.fixedVersion}</code>
            </>
          ) : null}
        </>
      );
    }
    case 'url':
      return (
        <>
          {location.method ? `${location.method} ` : ''}
          <ExternalLink href={httpUrl(location.url)}>{location.url}</ExternalLink>
          {location.parameter ? (
            <>
              {' parameter '}
              <code>{location.parameter}</code>
            </>
          ) : null}
        </>
      );
    case 'host':
      return (
        <code>
          {`${location.protocol ? `${location.protocol}://` : ''}${location.host}${location.port === undefined ? '' : `:${location.port}`}`}
        </code>
      );
  }
}
