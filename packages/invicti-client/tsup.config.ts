import { createTsupConfig } from '../../tsup.shared';

// Split: ky's transport (src/ky-send.ts, imported on a ky client's first call) stays in its own chunk,
// so a `node-http` client never evaluates ky, which builds a `Request` (loading undici) on import.
// The issue schemas are a subpath of their own (`@scanrelay/invicti-client/issue-schema`): the index
// exports only their types, so importing the client builds none of them.
export default createTsupConfig(['src/index.ts', 'src/issue-schema.ts'], { splitting: true });
