import * as z from 'zod';

/**
 * How an import treats a project's existing findings:
 * - `new`: the scan's findings become the project's current set for their tools; open findings of
 *   those tools that it does not contain are marked fixed;
 * - `merge`: add and update; fixed findings that reappear reopen (false-positive and accepted-risk stay);
 * - `delta`: add and update only; never close, never reopen.
 */
export const IMPORT_TYPES = ['new', 'merge', 'delta'] as const;
export const importTypeSchema = z.enum(IMPORT_TYPES);
export type ImportType = z.infer<typeof importTypeSchema>;
