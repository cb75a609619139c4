// The floor of a fire-and-forget launch: what any launch must do, without the CLI (no argument parsing,
// no settings, no validation, no retries). An ES module that loads Node's HTTP, HTTPS, crypto and file
// modules (a real launch goes to Invicti over HTTPS, so every launch loads TLS), POSTs one launch to
// Invicti with basic auth, parses the answer and writes scan-metadata.json and an empty findings.json,
// each through a temporary file and a rename, as the CLI does. Plain JavaScript: started as `node
// floor.mjs`, like the built CLI. Settings come from the same environment variables the CLI reads.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

const url = new URL('api/1.0/scans/newwithprofile', `${process.env.SCB_INVICTI__URL}/`);
const body = JSON.stringify({ ProfileName: 'Default', TargetUri: 'https://bench.example.com/' });
const auth = Buffer.from(process.env.SCB_INVICTI__APIKEY ?? '').toString('base64');
const out = process.env.SCB_SCANNER__OUTPUTPATH ?? '.';

const answer = await new Promise((resolve, reject) => {
  const req = (url.protocol === 'https:' ? https : http).request(url, {
    method: 'POST',
    headers: {
      authorization: `Basic ${auth}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    },
  });
  req.on('error', reject);
  req.on('response', (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () =>
      res.statusCode === 201
        ? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
        : reject(new Error(`launch answered ${res.statusCode}`)),
    );
  });
  req.end(body);
});

async function writeAtomic(file, text) {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

await mkdir(out, { recursive: true });
await writeAtomic(
  path.join(out, 'scan-metadata.json'),
  JSON.stringify({
    scanId: answer.Id,
    status: 'Launched',
    mode: 'fire-and-forget',
    launchedAt: new Date().toISOString(),
  }),
);
await writeAtomic(path.join(out, 'findings.json'), '[]\n');
