import { spawn } from 'node:child_process';

const HEADER_END = Buffer.from('\r\n\r\n');

/** The CGI answer of `git http-backend` (headers, blank line, body) as a Response. */
function toResponse(output: Buffer): Response {
  const end = output.indexOf(HEADER_END);
  if (end < 0) return new Response('git http-backend gave no headers', { status: 502 });
  const headers = new Headers();
  let status = 200;
  for (const line of output.subarray(0, end).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers.append(name, value);
  }
  return new Response(new Uint8Array(output.subarray(end + HEADER_END.length)), { status, headers });
}

/** Answers one request of git's smart HTTP protocol by running `git http-backend` as a CGI. */
export async function httpBackend(projectRoot: string, req: Request): Promise<Response> {
  const url = new URL(req.url);
  const body = req.method === 'POST' ? Buffer.from(await req.arrayBuffer()) : Buffer.alloc(0);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: decodeURIComponent(url.pathname),
    REQUEST_METHOD: req.method,
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: req.headers.get('content-type') ?? '',
    CONTENT_LENGTH: String(body.length),
    REMOTE_ADDR: '127.0.0.1',
  };
  const encoding = req.headers.get('content-encoding');
  if (encoding) env.HTTP_CONTENT_ENCODING = encoding;
  const protocol = req.headers.get('git-protocol');
  if (protocol) env.GIT_PROTOCOL = protocol;
  const output = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', () => resolve(Buffer.concat(chunks)));
    child.stdin.on('error', () => undefined);
    child.stdin.end(body);
  });
  return toResponse(output);
}
