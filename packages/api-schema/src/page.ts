import { z } from 'zod';

/** One page of a list: `items`, and `nextCursor` while more follow (pass it back as `?cursor=`). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() });
}
