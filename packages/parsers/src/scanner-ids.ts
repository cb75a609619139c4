import { parsers } from './scanners/parsers.js';

type IdsOf<T extends readonly { id: string }[]> = { readonly [K in keyof T]: T[K]['id'] };

/**
 * Every scanner id, in detection order (the order of the parser list in scanners/parsers.ts and of
 * the README's table), as a tuple type so that it can feed `z.enum`.
 */
export const SCANNER_IDS = parsers.map((p) => p.id) as unknown as IdsOf<typeof parsers>;

/** The id of one of our parsers: `trivy`, `sarif`, …; `auto` is not one. */
export type ScannerId = (typeof parsers)[number]['id'];
