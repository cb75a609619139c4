import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import { runWithLogFields } from './log-context.js';

function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const out: string[] = [];
  const logger = createLogger({ name: 'test', level, destination: { write: (line) => out.push(line) } });
  const lines = () => out.join('').trim().split('\n').filter(Boolean);
  return { logger, lines, parsed: () => lines().map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, name, msg and the fields', () => {
    const { logger, parsed } = capture();
    logger.info('job started', { jobId: 'j1', attempt: 2 });
    logger.debug('dropped below info');
    const [line, ...rest] = parsed();
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ level: 'info', name: 'test', msg: 'job started', jobId: 'j1', attempt: 2 });
    expect(new Date(line?.time as string).toISOString()).toBe(line?.time);
  });

  it('never writes credentials: secret-named fields at any depth, URL user info and secret query values', () => {
    const { logger, lines } = capture();
    const key = 'sr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    logger.warn(`calling https://alice:hunter2pw@invicti.example/api?token=tok-in-msg&page=2`, {
      authorization: `Bearer ${key}`,
      headers: { authorization: `Bearer ${key}`, 'x-api-key': key, accept: 'application/json' },
      apiKey: key,
      options: { invicti: { apiToken: 'invicti-token-1', userId: 'user-1' } },
      config: { github: { token: 'ghp_secret_token' }, hooks: { invicti: { secrets: ['whsec_1'] } } },
      database: { password: 'db-password-1' },
      url: 'postgres://scanrelay:pg-password-1@db:5432/scanrelay',
      callback: 'https://hooks.example/cb?api_key=cb-key-1&x=1',
      err: Object.assign(new Error('connect redis://:redis-password-1@cache:6379 failed'), { code: 'ECONN' }),
    });
    const text = lines().join('\n');
    for (const secret of [
      key,
      'hunter2pw',
      'tok-in-msg',
      'invicti-token-1',
      'ghp_secret_token',
      'whsec_1',
      'db-password-1',
      'pg-password-1',
      'cb-key-1',
      'redis-password-1',
    ]) {
      expect(text).not.toContain(secret);
    }
    const line = JSON.parse(text) as {
      msg: string;
      headers: unknown;
      options: { invicti: unknown };
      url: string;
      callback: string;
      err: unknown;
    };
    expect(line.msg).toBe('calling https://***@invicti.example/api?token=***&page=2');
    expect(line.headers).toEqual({
      authorization: '[redacted]',
      'x-api-key': '[redacted]',
      accept: 'application/json',
    });
    expect(line.options.invicti).toEqual({ apiToken: '[redacted]', userId: 'user-1' });
    expect(line.url).toBe('postgres://***@db:5432/scanrelay');
    expect(line.callback).toBe('https://hooks.example/cb?api_key=***&x=1');
    expect(line.err).toMatchObject({
      type: 'Error',
      message: 'connect redis://***@cache:6379 failed',
      code: 'ECONN',
    });
  });

  it('adds the fields of runWithLogFields to every line written inside it, and only there', async () => {
    const { logger, parsed } = capture();
    await runWithLogFields({ requestId: 'req-1' }, async () => {
      logger.info('first');
      await new Promise((resolve) => setImmediate(resolve));
      logger.error('after an await', { status: 500 });
    });
    logger.info('outside');
    expect(parsed().map((l) => [l.msg, l.requestId])).toEqual([
      ['first', 'req-1'],
      ['after an await', 'req-1'],
      ['outside', undefined],
    ]);
  });

  it('survives circular fields', () => {
    const { logger, parsed } = capture();
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    logger.info('cycle', { a });
    expect(parsed()[0]?.a).toEqual({ name: 'a', self: '[circular]' });
  });
});
