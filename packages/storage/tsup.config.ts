import { createTsupConfig } from '../../tsup.shared';

export default createTsupConfig(['src/index.ts', 'src/testing.ts']);
