import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '@scanrelay/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { readBatchFile } from './batch-config.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function batchFile(text: string): string {
  const t = makeTempDir('scanrelay-batch-');
  cleanup = t.cleanup;
  const file = path.join(t.dir, 'batch.yaml');
  writeFileSync(file, text);
  return file;
}

describe('readBatchFile', () => {
  it("reads the Phoenix client's multi-client file as written (snake_case keys)", async () => {
    const file = batchFile(`batches:
  - name: "Client A - Production"
    scanner_type: trivy
    phoenix_client_id: client-a-prod
    phoenix_api_url: https://api.clienta.appsecphx.io
    files:
      - clienta/prod-scan.json
  - name: "Client B - Staging"
    scanner_type: grype
    phoenix_client_id: client-b-staging
    phoenix_api_url: https://api.clientb.appsecphx.io
    phoenix_client_secret_env: CLIENT_B_SECRET
    files:
      - clientb/staging-scan.json
`);
    const b = await readBatchFile(file);
    expect(b.batches.map((x) => [x.name, x.scannerType, x.phoenixClientId, x.phoenixApiUrl])).toEqual([
      ['Client A - Production', 'trivy', 'client-a-prod', 'https://api.clienta.appsecphx.io'],
      ['Client B - Staging', 'grype', 'client-b-staging', 'https://api.clientb.appsecphx.io'],
    ]);
    expect(b.batches[1]?.phoenixClientSecretEnv).toBe('CLIENT_B_SECRET');
    expect(b.batches[0]?.files).toEqual([path.join(path.dirname(file), 'clienta/prod-scan.json')]);
  });

  it('refuses a key given in both spellings, and a secret written into the file', async () => {
    const twice = batchFile(`batches:
  - name: a
    scanner_type: trivy
    scannerType: grype
    files: [x.json]
`);
    const e1 = await readBatchFile(twice).catch((e: unknown) => e);
    expect(e1 instanceof CliError && e1.message).toContain('"scannerType" is given twice');

    const secret = batchFile(`batches:
  - name: a
    phoenix_client_secret: s3cr3t
    files: [x.json]
`);
    const e2 = await readBatchFile(secret).catch((e: unknown) => e);
    expect(e2 instanceof CliError && e2.message).toMatch(
      /batches\.0: Unrecognized key: "phoenixClientSecret"/,
    );
    expect(String(e2)).not.toContain('s3cr3t');
  });
});
