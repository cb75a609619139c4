import { describe, expect, it } from 'vitest';
import { isInvictiError } from '../src/index.js';
import { caught, TRANSPORTS, useFakeInvicti } from './support.js';

describe.each(TRANSPORTS)('over %s', (transport) => {
  const { fake, client } = useFakeInvicti(transport);

  /**
   * A job that fetches an unknown scan or reads an answer it cannot understand would fail the same way
   * on every attempt: these errors say `retryable: false`, which job runners read as permanent.
   */
  describe('permanent errors', () => {
    const UNKNOWN = '00000000-0000-0000-0000-00000000dead';

    it('an unknown scan (404) is not_found, not retryable, and asked once', async () => {
      const err = await caught(client().getScanStatus(UNKNOWN));
      expect(isInvictiError(err)).toBe(true);
      expect(err).toMatchObject({ code: 'not_found', status: 404, retryable: false });
      expect(fake().requests).toHaveLength(1);
      // A wait gives up at once instead of tolerating it as a passing failure.
      const waited = await caught(client().waitForCompletion(UNKNOWN, { pollIntervalMs: 1 }));
      expect(waited).toMatchObject({ code: 'not_found', retryable: false });
      expect(fake().requests).toHaveLength(2);
    });

    it('an answer of the wrong shape is invalid_response, not retryable, and asked once', async () => {
      const { scan } = await client().launchScan({ targetUri: 'https://shop.example.com/' });
      const before = fake().requests.length;
      for (const body of ['wrong-shape', 'html', 'truncated'] as const) {
        fake().malformNext({ body, path: 'scans/status' });
        const err = await caught(client().getScanStatus(scan.Id));
        expect(err, body).toMatchObject({ code: 'invalid_response', status: 200, retryable: false });
      }
      fake().malformNext({ body: 'wrong-shape', path: 'issues/allissues' });
      const listed = await caught(client().listIssues(scan.Id, { websiteName: null }).next());
      expect(listed).toMatchObject({ code: 'invalid_response', retryable: false });
      expect(fake().requests.length - before).toBe(4);
    });
  });
});
