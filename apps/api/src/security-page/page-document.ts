import { escapeHtml } from './html.js';
import { SECURITY_PAGE_CSS } from './security-page-styles.js';

/**
 * A complete HTML5 document around `mainHtml` (already escaped): the site header, one `<main>`
 * landmark and the inline stylesheet. `title` is plain text.
 */
export function renderDocument(title: string, mainHtml: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="robots" content="noindex, nofollow">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${SECURITY_PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    '<header class="site"><p>scanrelay</p></header>',
    `<main>${mainHtml}</main>`,
    '<footer class="site"><p>External SAST results recorded by scanrelay.</p></footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
