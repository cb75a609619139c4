import { SECURITY_PAGE_CSS } from '../security-page/security-page-styles.js';

/**
 * `/dashboard/assets/dashboard.css`: the security page's stylesheet (colours, badges, counts tables)
 * plus the dashboard's navigation, tables, forms and sparklines. Text keeps a contrast of at least
 * 4.5:1 against its background (WCAG AA).
 */
export const DASHBOARD_CSS = `${SECURITY_PAGE_CSS}
main { max-width: 80rem; }
main:focus { outline: none; }
.skip { position: absolute; left: -9999px; top: 0; background: #fff; color: var(--link); padding: 0.5rem 1rem; z-index: 10; }
.skip:focus { left: 1rem; top: 0.5rem; }
header.site { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; }
header.site .brand { margin: 0; font-weight: 700; }
header.site a { color: #f9fafb; }
header.site nav { display: flex; flex: 1; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem; }
ul.nav { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0; padding: 0; }
ul.nav a { text-decoration: none; padding: 0.25rem 0; border-bottom: 2px solid transparent; }
ul.nav a[aria-current="page"] { border-bottom-color: #f9fafb; }
ul.nav a:hover { text-decoration: underline; }
header.site a:focus-visible, header.site button:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
.who { display: flex; align-items: center; gap: 0.75rem; color: #e5e7eb; }
form.inline { display: inline; margin: 0; }
button, .button { font: inherit; padding: 0.375rem 0.875rem; border-radius: 0.375rem; border: 1px solid #1e3a8a; background: #1d4ed8; color: #fff; cursor: pointer; }
header.site button { background: #374151; border-color: #6b7280; padding: 0.125rem 0.625rem; }
button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
label { font-weight: 600; display: block; margin-bottom: 0.25rem; }
input, select, textarea { font: inherit; padding: 0.375rem 0.5rem; border: 1px solid #6b7280; border-radius: 0.25rem; background: #fff; color: var(--ink); max-width: 100%; }
textarea { width: 100%; min-height: 5rem; }
form.filters { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.75rem 1rem; margin: 1rem 0; padding: 1rem; background: #fff; border: 1px solid var(--line); border-radius: 0.5rem; }
form.stack > div { margin-bottom: 1rem; }
.message { padding: 0.75rem 1rem; border-radius: 0.375rem; border: 2px solid #b91c1c; background: #fee2e2; color: #7f1d1d; }
table.list { border-collapse: collapse; width: 100%; background: #fff; margin: 0.5rem 0 1rem; }
table.list caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
table.list th, table.list td { border-bottom: 1px solid var(--line); padding: 0.375rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
table.list .badge, table.list td.num { white-space: nowrap; }
.table-wrap { overflow-x: auto; }
ol.log { font-family: ui-monospace, monospace; padding-left: 2.5rem; }
.trend-chart { min-height: 300px; }
table.list th { background: #f3f4f6; font-size: 0.875rem; }
table.list td.num, table.list th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge.blocked { background: #7f1d1d; }
.badge.status { background: #374151; }
.muted { color: var(--muted); }
svg.sparkline { display: block; }
svg.sparkline polyline { fill: none; stroke: #1d4ed8; stroke-width: 1.5; }
nav.pager { display: flex; gap: 1rem; margin: 1rem 0; }
ul.links { margin: 0.25rem 0; padding-left: 1.25rem; }
ol.history { padding-left: 1.25rem; }
.prose { white-space: pre-wrap; overflow-wrap: anywhere; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
`;
