import { createTsupConfig } from '../../tsup.shared';

// Commands are loaded on demand (src/commands/index.ts): split them into chunks so a run of one
// command never loads the dependencies of another.
export default createTsupConfig(['src/index.ts', 'src/bin.ts'], { splitting: true });
