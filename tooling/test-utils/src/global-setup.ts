import { hasFixtures, hasPostgres, hasRedis, isCi } from './env.js';

export default function setup() {
  const missing = [
    hasPostgres ? null : 'PostgreSQL',
    hasRedis ? null : 'Redis',
    hasFixtures ? null : 'shared fixtures',
  ].filter(Boolean);
  if (missing.length > 0) {
    if (isCi) throw new Error(`CI=true but these are missing: ${missing.join(', ')}`);
    console.warn(`integration tests needing ${missing.join(', ')} will be skipped (not CI)`);
  }
}
