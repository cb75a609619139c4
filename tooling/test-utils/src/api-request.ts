/**
 * One JSON request to a scanrelay service with an API key, for end-to-end tests: the status and the
 * parsed answer (`any`: tests read it field by field).
 */
export async function apiRequest(
  service: { url: string; apiKey: string },
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${service.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${service.apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}
