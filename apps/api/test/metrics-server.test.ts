import { describe, expect, it } from 'vitest';
import { createMetrics, startMetricsServer } from '../src/index.js';

describe('startMetricsServer (a listener apart from the API port)', () => {
  it('serves GET /metrics only, to anyone who reaches it or, with a token, to its holders', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.jobFinished('process-upload', 'completed', 0.5);
    const open = await startMetricsServer(metrics, { port: 0 });
    const guarded = await startMetricsServer(metrics, { port: 0, token: 'scrape-token-0123456789' });
    try {
      const res = await fetch(`${open.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      expect(await res.text()).toContain(
        'scanrelay_jobs_finished_total{type="process-upload",outcome="completed"} 1',
      );
      expect((await fetch(`${open.url}/api/v1/health`)).status).toBe(404);

      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      const authed = await fetch(`${guarded.url}/metrics`, {
        headers: { authorization: 'Bearer scrape-token-0123456789' },
      });
      expect(authed.status).toBe(200);
    } finally {
      await open.close();
      await guarded.close();
    }
  });
});
