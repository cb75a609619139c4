import { escapeHtml } from '../security-page/html.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  summary?: string;
  parameters?: { name: string; in: string }[];
  responses?: Record<string, { description?: string }>;
}

/**
 * The operations of `paths` as plain HTML: the page's `<noscript>` content, for readers without
 * JavaScript (Swagger UI needs it) and for text-only tools.
 */
export function renderOperationIndex(paths: Record<string, unknown>): string {
  const sections: string[] = [];
  for (const [p, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = (item as Partial<Record<string, Operation>>)[method];
      if (!op) continue;
      const params = (op.parameters ?? []).map((x) => `${x.name} (${x.in})`).join(', ');
      const responses = Object.entries(op.responses ?? {})
        .map(([s, r]) => `<li><code>${escapeHtml(s)}</code> ${escapeHtml(r.description ?? '')}</li>`)
        .join('');
      sections.push(
        `<section><h2>${method.toUpperCase()} <code>${escapeHtml(p)}</code></h2>` +
          `<p>${escapeHtml(op.summary ?? '')}</p>` +
          (params ? `<p>Parameters: ${escapeHtml(params)}</p>` : '') +
          `<ul>${responses}</ul></section>`,
      );
    }
  }
  return sections.join('\n');
}
