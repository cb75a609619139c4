/**
 * The script that starts Swagger UI on `/docs`, served from this package as `/docs/docs.js` (the
 * page's CSP allows no inline script). The document's URL comes from the page, so nothing here
 * names a host; `validatorUrl: null` keeps Swagger UI from loading a badge from validator.swagger.io,
 * and `?url=`/`?configUrl=` query parameters are ignored (`queryConfigEnabled` stays off).
 */
export const DOCS_SCRIPT = `'use strict';
(function () {
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    url: root.getAttribute('data-openapi-url'),
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    queryConfigEnabled: false,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    defaultModelRendering: 'model',
    defaultModelsExpandDepth: 0,
    defaultModelExpandDepth: 2,
    docExpansion: 'list',
    filter: true,
    tryItOutEnabled: false,
  });
})();
`;

/** The page's own styles beside swagger-ui.css: the header above the reference. */
export const DOCS_STYLES = `body{margin:0;background:#fff;color:#3b4151;font-family:system-ui,sans-serif}
.docs-header{max-width:1460px;margin:0 auto;padding:1rem 20px 0;box-sizing:border-box}
.docs-header h1{font-size:1.5rem;margin:0}
.docs-header p{margin:.25rem 0 0}
.docs-header a{color:#1d4ed8}
.docs-index{max-width:60rem;margin:1rem auto;padding:0 20px}
.docs-index section{border-top:1px solid #ddd;padding:.5rem 0}
.docs-index h2{font-size:1rem;margin:.25rem 0}
`;
