/**
 * A row as the store returns it: nullable columns become optional fields (a NULL reads as
 * `undefined`), the others stay as they are. Rows come from `$inferSelect` of the drizzle schema,
 * so a new column shows up in the stored shape without another edit.
 */
export type Stored<Row> = {
  [K in keyof Row as null extends Row[K] ? never : K]: Row[K];
} & {
  [K in keyof Row as null extends Row[K] ? K : never]?: Exclude<Row[K], null>;
};
