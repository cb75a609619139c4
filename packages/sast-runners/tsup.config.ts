import { createTsupConfig } from '../../tsup.shared';

export default createTsupConfig();
