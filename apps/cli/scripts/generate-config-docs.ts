/** Writes docs/configuration.md from the configuration schema; a test keeps the committed file in step. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConfigDocs } from '../src/config/render-config-docs.js';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/configuration.md');
writeFileSync(file, renderConfigDocs());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
