/** A page of results; pass `nextCursor` back as `cursor` for the next page. Absent on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface PageQuery {
  /** Default 50, at most 1000. */
  limit?: number;
  /** Opaque, from the previous page's `nextCursor`. */
  cursor?: string;
}
