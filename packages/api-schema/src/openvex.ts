import { z } from 'zod';

/**
 * The OpenVEX v0.2.0 document contract (the one home of it: `@scanrelay/core` builds documents
 * against it, the API serves them and the client reads them with it), after the OpenVEX JSON Schema
 * (`https://github.com/openvex/spec/openvex_json_schema_0.2.0.json`, openvex/spec
 * `openvex_json_schema.json` at commit a68ccd19b15a9604d28ef66ebf33f27a772ba4ec): every object is
 * closed (`additionalProperties: false`), arrays declared unique are checked unique, a
 * `not_affected` statement has a justification or an impact statement (or both), an `affected` one
 * an action statement, and a component names itself by `@id` or `identifiers`.
 */

/** The `@context` of an OpenVEX v0.2.0 document. */
export const OPENVEX_CONTEXT = 'https://openvex.dev/ns/v0.2.0';

export const OPENVEX_STATUSES = ['not_affected', 'affected', 'fixed', 'under_investigation'] as const;
export const OPENVEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
export type OpenVexJustification = (typeof OPENVEX_JUSTIFICATIONS)[number];

/** An IRI as the schema's `format: iri`: a scheme, then no spaces. */
const iriSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/, 'expected an IRI (scheme:...)');
const dateTimeSchema = z.iso.datetime({ offset: true });

function unique<T>(items: T[]): boolean {
  return new Set(items.map((i) => JSON.stringify(i))).size === items.length;
}
const uniqueArray = <T extends z.ZodType>(item: T) => z.array(item).refine(unique, 'expected unique items');

const vulnerabilitySchema = z.strictObject({
  '@id': iriSchema.optional(),
  name: z.string(),
  description: z.string().optional(),
  aliases: uniqueArray(z.string()).optional(),
});

const identifiersSchema = z
  .strictObject({ purl: z.string().optional(), cpe22: z.string().optional(), cpe23: z.string().optional() })
  .refine((i) => i.purl ?? i.cpe22 ?? i.cpe23, 'identifiers need a purl, cpe22 or cpe23');

const hashesSchema = z.strictObject(
  Object.fromEntries(
    [
      'md5',
      'sha1',
      'sha-256',
      'sha-384',
      'sha-512',
      'sha3-224',
      'sha3-256',
      'sha3-384',
      'sha3-512',
      'blake2s-256',
      'blake2b-256',
      'blake2b-512',
    ].map((k) => [k, z.string().optional()]),
  ),
);

const named = (c: { '@id'?: string; identifiers?: unknown }) =>
  c['@id'] !== undefined || c.identifiers !== undefined;

const subcomponentSchema = z
  .strictObject({
    '@id': iriSchema.optional(),
    identifiers: identifiersSchema.optional(),
    hashes: hashesSchema.optional(),
  })
  .refine(named, 'a subcomponent needs an @id or identifiers');

const componentSchema = z
  .strictObject({
    '@id': iriSchema.optional(),
    identifiers: identifiersSchema.optional(),
    hashes: hashesSchema.optional(),
    subcomponents: uniqueArray(subcomponentSchema).optional(),
  })
  .refine(named, 'a product needs an @id or identifiers');

export const openVexStatementSchema = z
  .strictObject({
    '@id': iriSchema.optional(),
    version: z.number().int().min(1).optional(),
    vulnerability: vulnerabilitySchema,
    timestamp: dateTimeSchema.optional(),
    last_updated: dateTimeSchema.optional(),
    products: uniqueArray(componentSchema).optional(),
    status: z.enum(OPENVEX_STATUSES),
    supplier: z.string().optional(),
    status_notes: z.string().optional(),
    justification: z.enum(OPENVEX_JUSTIFICATIONS).optional(),
    impact_statement: z.string().optional(),
    action_statement: z.string().optional(),
    action_statement_timestamp: dateTimeSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.status === 'not_affected' && s.justification === undefined && s.impact_statement === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['justification'],
        message: 'a not_affected statement needs a justification or an impact_statement',
      });
    if (s.status === 'affected' && s.action_statement === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['action_statement'],
        message: 'an affected statement needs an action_statement',
      });
  });
export type OpenVexStatement = z.infer<typeof openVexStatementSchema>;

/**
 * An OpenVEX v0.2.0 document, as `GET /api/v1/projects/{name}/vex` serves it: one statement per
 * vulnerability and product of the project's triaged findings (false positive → `not_affected`,
 * accepted risk → `affected`, fixed → `fixed`).
 */
export const openVexDocumentSchema = z
  .strictObject({
    '@context': z.url(),
    '@id': iriSchema,
    author: z.string(),
    role: z.string().optional(),
    timestamp: dateTimeSchema,
    last_updated: dateTimeSchema.optional(),
    version: z.number().int().min(1),
    tooling: z.string().optional(),
    statements: uniqueArray(openVexStatementSchema).min(1),
  })
  .meta({ id: 'OpenVexDocument' });
export type OpenVexDocument = z.infer<typeof openVexDocumentSchema>;
