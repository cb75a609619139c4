import { cpSync } from 'node:fs';
import { createTsupConfig } from '../../tsup.shared';

// The dashboard's client scripts are served as files: copy them beside the bundle, where
// src/dashboard/static-assets.ts looks for them in `dist`.
export default createTsupConfig(undefined, {
  async onSuccess() {
    cpSync('src/dashboard/scan-pages/assets', 'dist/dashboard-assets', { recursive: true });
  },
});
