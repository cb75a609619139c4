/**
 * Request headers as they come: a fetch `Headers`, node's `IncomingHttpHeaders`, or a plain record.
 * Names are matched case-insensitively.
 */
export type HeadersInput = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The value of a header, or undefined; repeated headers are joined with `, ` as fetch does. `name` is lower
 * case. This runs several times per delivery: a record holding the lower-case name (node's
 * `IncomingHttpHeaders`, what `sign()` returns) is answered by one property read, before anything else.
 */
export function getHeader(headers: HeadersInput, name: string): string | undefined {
  const direct = (headers as HeaderRecord)[name];
  if (typeof direct === 'string') return direct;
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const record = headers as HeaderRecord;
  let value: string | readonly string[] | undefined = direct;
  if (value === undefined) {
    for (const key in record) {
      if (key.length === name.length && Object.hasOwn(record, key) && key.toLowerCase() === name) {
        value = record[key];
        break;
      }
    }
  }
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}
