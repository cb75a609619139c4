import { listBlocklist } from '@scanrelay/core';
import type { ApiServices } from '../../app-env.js';
import { type DashboardContext, renderPage } from '../dashboard-context.js';
import { projectPath, SeverityBadge, securityPagePath, Time } from '../format.js';

/** `GET /dashboard/blocklist`: the tenant's active blocklist entries, each linked to its project's security page. */
export async function blocklistPage(c: DashboardContext, services: ApiServices): Promise<Response> {
  const { items } = await listBlocklist(services.store, c.get('principal').tenant.id);
  return renderPage(c, {
    title: 'Blocklist',
    active: 'blocklist',
    body: (
      <>
        <h1>Blocklist</h1>
        <p>
          Installers and CI gates refuse a blocklisted project until its entries are lifted (
          <code>DELETE /api/v1/blocklist/:name</code>, admin scope).
        </p>
        {items.length === 0 ? (
          <p>No project is blocklisted.</p>
        ) : (
          <div class="table-wrap">
            <table class="list">
              <caption>Active blocklist entries</caption>
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Threat</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Since</th>
                  <th scope="col">By</th>
                  <th scope="col">Security page</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr>
                    <td>
                      <a href={projectPath(e.project)}>{e.project}</a>
                    </td>
                    <td>
                      <SeverityBadge severity={e.severity} />
                    </td>
                    <td>{e.threatType}</td>
                    <td>{e.reason}</td>
                    <td>
                      <Time iso={e.createdAt} />
                    </td>
                    <td>{e.discoveredBy}</td>
                    <td>
                      <a href={securityPagePath(e.project)} aria-label={`Security page of ${e.project}`}>
                        Security page
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    ),
  });
}
