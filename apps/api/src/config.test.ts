import { describe, expect, it } from 'vitest';
import { apiConfigSchema } from './config.js';

describe('apiConfigSchema outbound', () => {
  it('refuses private addresses and http for caller-supplied URLs unless the operator allows them', () => {
    expect(apiConfigSchema.parse({ dataDir: '/tmp/x' }).outbound).toEqual({
      allowPrivateUrls: false,
      allowHttp: false,
    });
    const allowed = apiConfigSchema.parse({ dataDir: '/tmp/x', outbound: { allowPrivateUrls: true } });
    expect(allowed.outbound).toEqual({ allowPrivateUrls: true, allowHttp: false });
  });
});
