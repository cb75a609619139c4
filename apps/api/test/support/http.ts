import { readFileSync } from 'node:fs';

export interface Json {
  status: number;
  contentType: string;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read field by field
  body: any;
}

/** A small client over fetch for the tests: JSON in, JSON (or problem+json) out. */
export function client(baseUrl: string, key?: string) {
  const auth = (): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});
  async function call(
    method: string,
    path: string,
    init: { body?: RequestInit['body']; headers?: Record<string, string> } = {},
  ): Promise<Json> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      body: init.body,
      headers: { ...auth(), ...init.headers },
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body };
  }
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, { headers }),
    postJson: (path: string, value: unknown, headers?: Record<string, string>) =>
      call('POST', path, {
        body: JSON.stringify(value),
        headers: { 'content-type': 'application/json', ...headers },
      }),
    post: (path: string, body: RequestInit['body'], headers?: Record<string, string>) =>
      call('POST', path, { body, headers }),
    /** `POST /api/v1/upload` with `fields` and a report (a fixture path or bytes). */
    upload(
      report: { path: string } | { bytes: Uint8Array | string; name?: string } | undefined,
      fields: Record<string, string> = {},
    ) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      if (report) {
        const bytes =
          'path' in report
            ? readFileSync(report.path)
            : typeof report.bytes === 'string'
              ? Buffer.from(report.bytes)
              : report.bytes;
        form.set(
          'file',
          new Blob([bytes]),
          'path' in report ? report.path.split('/').at(-1) : (report.name ?? 'report.json'),
        );
      }
      return call('POST', '/api/v1/upload', { body: form });
    },
    /** Reads the job's Server-Sent Events until the stream ends. */
    async events(
      jobId: string,
      headers: Record<string, string> = {},
    ): Promise<{ event: string; id?: string; data: string }[]> {
      const res = await fetch(`${baseUrl}/api/v1/jobs/${jobId}/logs`, { headers: { ...auth(), ...headers } });
      if (res.status !== 200) throw new Error(`SSE answered ${res.status}: ${await res.text()}`);
      return parseSse(await res.text());
    },
  };
}

function parseSse(text: string): { event: string; id?: string; data: string }[] {
  const out: { event: string; id?: string; data: string }[] = [];
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n').filter((l) => l && !l.startsWith(':'));
    if (lines.length === 0) continue;
    const e: { event: string; id?: string; data: string } = { event: 'message', data: '' };
    for (const line of lines) {
      const [field, ...rest] = line.split(':');
      const value = rest.join(':').replace(/^ /, '');
      if (field === 'event') e.event = value;
      else if (field === 'id') e.id = value;
      else if (field === 'data') e.data += value;
    }
    out.push(e);
  }
  return out;
}

export { waitFor } from '@scanrelay/test-utils';
