/**
 * ZAP XML streaming: parses generated reports of growing size and prints time and peak heap, so one
 * can see that memory stays flat while the file grows. Run:
 *   node --conditions=@scanrelay/source --import tsx bench/zap-xml/index.ts [megabytes]
 */

import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getParser, ParseInput } from '@scanrelay/parsers';

const alert = (
  i: number,
) => `<alertitem><pluginid>${10000 + (i % 500)}</pluginid><alertRef>${10000 + (i % 500)}</alertRef>
<alert>Generated alert ${i}</alert><name>Generated alert ${i}</name><riskcode>${i % 4}</riskcode><confidence>2</confidence>
<desc>&lt;p&gt;${'A description of the problem. '.repeat(10)}&lt;/p&gt;</desc><instances>
${Array.from(
  { length: 5 },
  (
    _,
    j,
  ) => `<instance><uri>https://app.example/p/${i}/${j}?q=1</uri><method>GET</method><param>q</param><evidence>x</evidence>
<requestheader>GET /p/${i}/${j} HTTP/1.1</requestheader><responsebody>${'&lt;html&gt;body&lt;/html&gt;'.repeat(40)}</responsebody></instance>`,
).join('\n')}
</instances><count>5</count><solution>Fix it.</solution><reference>https://owasp.org/</reference><cweid>79</cweid><wascid>8</wascid></alertitem>\n`;

async function generate(file: string, megabytes: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(
    '<?xml version="1.0"?><OWASPZAPReport version="2.14.0"><site name="https://app.example" host="app.example" port="443"><alerts>\n',
  );
  let bytes = 0;
  for (let i = 0; bytes < megabytes * 1024 * 1024; i++) {
    const chunk = alert(i);
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end('</alerts></site></OWASPZAPReport>\n');
  await once(out, 'finish');
}

async function measure(file: string): Promise<{ findings: number; ms: number; peakHeapMb: number }> {
  global.gc?.();
  let peak = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const start = performance.now();
  let findings = 0;
  for await (const _ of getParser('zap')!.parse(new ParseInput({ path: file }))) {
    findings += 1;
    if (findings % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  clearInterval(timer);
  return { findings, ms: performance.now() - start, peakHeapMb: peak / 1024 / 1024 };
}

const big = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-bench-zap-'));
try {
  for (const mb of [big / 20, big]) {
    const file = path.join(dir, `zap-${mb}.xml`);
    await generate(file, mb);
    const r = await measure(file);
    const size = statSync(file).size / 1024 / 1024;
    console.log(
      `${size.toFixed(0).padStart(5)} MB: ${r.findings} findings in ${(r.ms / 1000).toFixed(1)} s ` +
        `(${(size / (r.ms / 1000)).toFixed(1)} MB/s), peak heap ${r.peakHeapMb.toFixed(0)} MB`,
    );
  }
  console.log('baseline: the first line is the small report; peak heap should not grow with the file size');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
