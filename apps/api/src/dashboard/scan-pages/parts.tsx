import { commitUrl } from '@scanrelay/core';
import { SEVERITIES, type SeverityCounts } from '@scanrelay/findings-schema';
import { SEVERITY_LABELS, totalOf } from '../../security-page/severity-labels.js';

/** One `<th scope="col">` per severity, critical first. */
export function SeverityHeads() {
  return (
    <>
      {SEVERITIES.map((s) => (
        <th scope="col" class="num">
          {SEVERITY_LABELS[s]}
        </th>
      ))}
    </>
  );
}

/** One cell per severity, in the order of `SeverityHeads`. */
export function SeverityCells({ counts }: { counts: SeverityCounts }) {
  return (
    <>
      {SEVERITIES.map((s) => (
        <td class="num" data-severity={s}>
          {counts[s]}
        </td>
      ))}
    </>
  );
}

/** A captioned one-row table of counts per severity, with the total. */
export function CountsTable({ counts, caption }: { counts: SeverityCounts; caption: string }) {
  return (
    <table class="counts">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <SeverityHeads />
          <th scope="col" class="num">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <SeverityCells counts={counts} />
          <td class="num">{totalOf(counts)}</td>
        </tr>
      </tbody>
    </table>
  );
}

/**
 * The scanned commit as its 7-character short form, linked to the commit page of the repository when
 * its URL is known (`commitUrl`); the full sha in the title. `—` without a commit.
 */
export function CommitLink({
  sha,
  repoUrl,
}: {
  sha: string | null | undefined;
  repoUrl: string | null | undefined;
}) {
  if (!sha) return <>—</>;
  const href = repoUrl ? commitUrl(repoUrl, sha) : undefined;
  const short = <code>{sha.slice(0, 7)}</code>;
  return href ? (
    <a href={href} title={sha} rel="noopener noreferrer">
      {short}
    </a>
  ) : (
    <span title={sha}>{short}</span>
  );
}

/** `path?query` with the given parameters, undefined and blank values left out. */
function hrefWith(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/**
 * Cursor paging: a link to the first page when this is not it, and to the next page when there is
 * one (`nextCursor`); `params` are the filters every page keeps.
 */
export function Pager(props: {
  path: string;
  params: Record<string, string | number | undefined>;
  cursor?: string;
  nextCursor?: string;
}) {
  if (!props.cursor && !props.nextCursor) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {props.cursor ? <a href={hrefWith(props.path, props.params)}>First page</a> : null}
      {props.nextCursor ? (
        <a rel="next" href={hrefWith(props.path, { ...props.params, cursor: props.nextCursor })}>
          Next page
        </a>
      ) : null}
    </nav>
  );
}

/** A select of a filter form: "Any" (empty value) and `options`, the current `value` selected. */
export function FilterSelect(props: {
  name: string;
  label: string;
  options: readonly string[];
  value: string | undefined;
}) {
  const id = `filter-${props.name}`;
  return (
    <p class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        <option value="">Any</option>
        {props.options.map((o) => (
          <option value={o} selected={o === props.value}>
            {o}
          </option>
        ))}
      </select>
    </p>
  );
}

/** A text input of a filter form. */
export function FilterText(props: {
  name: string;
  label: string;
  value: string | undefined;
  maxLength: number;
}) {
  const id = `filter-${props.name}`;
  return (
    <p class="field">
      <label for={id}>{props.label}</label>
      <input id={id} name={props.name} type="text" value={props.value ?? ''} maxlength={props.maxLength} />
    </p>
  );
}
