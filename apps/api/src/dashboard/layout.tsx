import type { Child } from 'hono/jsx';
import { CSRF_FIELD } from './csrf.js';

/** Where the dashboard's static files are served. */
export const ASSETS_PATH = '/dashboard/assets/';

/** The sections of the navigation; `active` marks the current one. */
const NAV_ITEMS = [
  { id: 'projects', label: 'Projects', href: '/dashboard' },
  { id: 'scans', label: 'Scans', href: '/dashboard/scans' },
  { id: 'jobs', label: 'Jobs', href: '/dashboard/jobs' },
  { id: 'blocklist', label: 'Blocklist', href: '/dashboard/blocklist' },
  { id: 'trends', label: 'Trends', href: '/dashboard/trends' },
] as const;
export type NavId = (typeof NAV_ITEMS)[number]['id'];

/** The signed-in caller as the header shows it. */
export interface LayoutUser {
  tenantName: string;
  csrfToken: string;
}

export interface LayoutProps {
  /** Plain text; ` — scanrelay` is appended. */
  title: string;
  active?: NavId;
  /** Absent on the sign-in and error pages of a caller without a session: no navigation. */
  user?: LayoutUser;
  /** File names under `/dashboard/assets/` loaded with `defer`. */
  scripts?: readonly string[];
  /** Extra stylesheets under `/dashboard/assets/` (dashboard.css is always loaded). */
  styles?: readonly string[];
  children?: Child;
}

/** The hidden CSRF input of a form. */
export function CsrfInput({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

function Nav({ active, user }: { active?: NavId; user: LayoutUser }) {
  return (
    <nav aria-label="Main">
      <ul class="nav">
        {NAV_ITEMS.map((item) => (
          <li>
            <a href={item.href} aria-current={item.id === active ? 'page' : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
      <div class="who">
        <span>{user.tenantName}</span>
        <form method="post" action="/logout" class="inline">
          <CsrfInput token={user.csrfToken} />
          <button type="submit">Sign out</button>
        </form>
      </div>
    </nav>
  );
}

/** The whole document: skip link, header with navigation and sign-out, one `<main>` landmark. */
export function Layout(props: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${props.title} — scanrelay`}</title>
        <link rel="stylesheet" href={`${ASSETS_PATH}dashboard.css`} />
        {(props.styles ?? []).map((name) => (
          <link rel="stylesheet" href={`${ASSETS_PATH}${name}`} />
        ))}
        {(props.scripts ?? []).map((name) => (
          <script src={`${ASSETS_PATH}${name}`} defer />
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site">
          <p class="brand">
            <a href="/dashboard">scanrelay</a>
          </p>
          {props.user ? <Nav active={props.active} user={props.user} /> : null}
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** The body of a short message page (errors, refusals): a heading and one paragraph, plain text. */
export function MessageBody({
  heading,
  message,
  children,
}: {
  heading: string;
  message: string;
  children?: Child;
}) {
  return (
    <>
      <h1>{heading}</h1>
      <p>{message}</p>
      {children}
    </>
  );
}
