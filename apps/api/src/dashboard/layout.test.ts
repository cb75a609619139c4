import { describe, expect, it } from 'vitest';
import { renderToString } from './dashboard-context.js';
import { Layout } from './layout.js';

describe('Layout', () => {
  it('renders a document with escaped title, nav and skip link', async () => {
    const html = await renderToString(
      Layout({
        title: '<x>"',
        active: 'scans',
        user: { tenantName: 'a<b', csrfToken: 'tok' },
        children: '<b>',
      }),
    );
    expect(html).toContain('<title>&lt;x&gt;&quot; — scanrelay</title>');
    expect(html).toContain('<a href="/dashboard/scans" aria-current="page">Scans</a>');
    expect(html).toContain('<input type="hidden" name="_csrf" value="tok"/>');
    expect(html).toContain('&lt;b&gt;');
    expect(html).toContain('<a class="skip" href="#main">');
  });
});
