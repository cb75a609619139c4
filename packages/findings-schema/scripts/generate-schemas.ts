/** Writes schemas/<name>.schema.json from the zod models. Run by `pnpm build`; the output is committed. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateJsonSchemas, schemaFileText } from '../src/json-schemas.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schemas');
for (const [name, schema] of Object.entries(generateJsonSchemas())) {
  const file = path.join(dir, `${name}.schema.json`);
  writeFileSync(file, schemaFileText(schema));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
