import { createTsupConfig } from '../../tsup.shared';

export default createTsupConfig(['src/index.ts', 'src/types.ts', 'src/testing.ts']);
