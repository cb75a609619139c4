/** The package URL of an npm package (`@scope/name` → `pkg:npm/%40scope/name@1.0.0`). */
export function npmPurl(name: string, version?: string): string {
  const encoded = name
    .split('/')
    .map((p) => encodeURIComponent(p))
    .join('/');
  return `pkg:npm/${encoded}${version ? `@${encodeURIComponent(version)}` : ''}`;
}

/** A GitHub advisory id at the end of an advisory URL, if any. */
export function ghsaFromUrl(url: unknown): string | undefined {
  return typeof url === 'string'
    ? /\/(GHSA-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})\/?$/i.exec(url)?.[1]
    : undefined;
}

/** The version in a simple lower bound (`>=1.10.2` → `1.10.2`); undefined for anything more complex. */
export function simpleFixedVersion(range: unknown): string | undefined {
  return typeof range === 'string' ? /^\s*>=\s*([0-9][^\s|<>=]*)\s*$/.exec(range)?.[1] : undefined;
}
