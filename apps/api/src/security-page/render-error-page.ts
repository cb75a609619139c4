import { escapeHtml } from './html.js';
import { renderDocument } from './page-document.js';

/** A short HTML page for a refusal (401, 403, 404, …): a heading and what to do. Plain-text inputs. */
export function renderErrorPage(heading: string, message: string): string {
  return renderDocument(
    `${heading} — scanrelay`,
    `<h1>${escapeHtml(heading)}</h1>\n<p>${escapeHtml(message)}</p>`,
  );
}
