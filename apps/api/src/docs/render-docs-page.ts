import { escapeHtml } from '../security-page/html.js';
import { renderOperationIndex } from './render-operation-index.js';

/** Where the page finds its parts; every one is on this service. */
export const DOCS_PATHS = {
  page: '/docs',
  document: '/openapi.json',
  script: '/docs/docs.js',
  styles: '/docs/docs.css',
  /** swagger-ui-dist's files, by their own names. */
  assets: '/docs/',
} as const;

/**
 * The `/docs` page: Swagger UI over `/openapi.json`, every file from this service. Without
 * JavaScript the `<noscript>` index lists the operations.
 */
export function renderDocsPage(document: {
  info: { version: string };
  paths?: Record<string, unknown>;
}): string {
  const version = escapeHtml(document.info.version);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>scanrelay API ${version} reference</title>
<link rel="stylesheet" href="${DOCS_PATHS.assets}swagger-ui.css">
<link rel="stylesheet" href="${DOCS_PATHS.styles}">
<link rel="icon" type="image/png" href="${DOCS_PATHS.assets}favicon-32x32.png" sizes="32x32">
<link rel="icon" type="image/png" href="${DOCS_PATHS.assets}favicon-16x16.png" sizes="16x16">
</head><body>
<header class="docs-header"><h1>scanrelay API ${version}</h1>
<p>The OpenAPI 3.1 document: <a href="${DOCS_PATHS.document}">${DOCS_PATHS.document}</a></p></header>
<main id="swagger-ui" data-openapi-url="${DOCS_PATHS.document}"></main>
<noscript><div class="docs-index">
${renderOperationIndex(document.paths ?? {})}
</div></noscript>
<script src="${DOCS_PATHS.assets}swagger-ui-bundle.js"></script>
<script src="${DOCS_PATHS.script}"></script>
</body></html>
`;
}
