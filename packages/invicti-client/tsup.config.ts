import { createTsupConfig } from '../../tsup.shared';

// Split: ky's transport (src/ky-send.ts, imported on a ky client's first call) stays in its own chunk,
// so a `node-http` client never evaluates ky, which builds a `Request` (loading undici) on import.
export default createTsupConfig(['src/index.ts'], { splitting: true });
