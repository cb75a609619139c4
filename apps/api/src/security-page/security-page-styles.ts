/**
 * The page's only stylesheet, inlined in a `<style>` element whose SHA-256 the CSP allows. Colours
 * keep a contrast of at least 4.5:1 (WCAG AA) against their backgrounds; nothing is fetched.
 */
export const SECURITY_PAGE_CSS = `
:root { color-scheme: light; --ink: #1f2937; --muted: #4b5563; --line: #d1d5db; --link: #1d4ed8; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f9fafb; }
header.site, footer.site { padding: 0.75rem 1.5rem; color: var(--muted); font-size: 0.875rem; }
header.site { background: #111827; color: #f9fafb; font-weight: 600; }
main { max-width: 64rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.75rem; margin: 0 0 0.25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.0625rem; margin: 0 0 0.5rem; overflow-wrap: anywhere; }
a { color: var(--link); }
a:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
.repo { margin: 0; color: var(--muted); overflow-wrap: anywhere; }
.banner { margin: 1.25rem 0; padding: 1rem 1.25rem; border-radius: 0.5rem; border: 2px solid; }
.banner h2 { margin: 0 0 0.25rem; font-size: 1.5rem; }
.banner p { margin: 0.25rem 0; }
.banner ul { margin: 0.5rem 0 0; padding-left: 1.25rem; }
.banner-pass { background: #dcfce7; color: #14532d; border-color: #15803d; }
.banner-fail { background: #fee2e2; color: #7f1d1d; border-color: #b91c1c; }
.banner-pending { background: #fef9c3; color: #713f12; border-color: #a16207; }
.banner-none { background: #f3f4f6; color: #1f2937; border-color: #6b7280; }
table.counts { border-collapse: collapse; margin: 0.5rem 0; width: 100%; max-width: 30rem; }
table.counts caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
table.counts th, table.counts td { border: 1px solid var(--line); padding: 0.25rem; text-align: center; }
table.counts th { background: #f3f4f6; font-weight: 600; font-size: 0.875rem; }
table.counts td { background: #fff; font-variant-numeric: tabular-nums; }
ul.cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr)); }
ul.cards > li { background: #fff; border: 1px solid var(--line); border-radius: 0.5rem; padding: 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 0.75rem; margin: 0.5rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.error { color: #7f1d1d; }
.badge { display: inline-block; padding: 0 0.5rem; border-radius: 0.25rem; font-size: 0.875rem; font-weight: 600; color: #fff; }
.sev-critical { background: #7f1d1d; }
.sev-high { background: #9a3412; }
.sev-medium { background: #854d0e; }
.sev-low { background: #1e40af; }
.sev-info { background: #374151; }
.verdict-pass { background: #166534; }
.verdict-fail { background: #991b1b; }
ul.findings { list-style: none; margin: 0 0 1rem; padding: 0; }
ul.findings > li { background: #fff; border: 1px solid var(--line); border-radius: 0.375rem; padding: 0.5rem 0.75rem; margin-bottom: 0.5rem; }
.finding-title { font-weight: 600; overflow-wrap: anywhere; }
.finding-meta { display: block; color: var(--muted); font-size: 0.9375rem; overflow-wrap: anywhere; }
.finding-meta a { color: var(--link); }
.note { color: var(--muted); font-style: italic; }
`;
