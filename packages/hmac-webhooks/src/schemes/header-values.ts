import { failure, type VerifyFailure } from '../verify-result.js';

/** Whether `id` is a delivery id we accept: 1 to 256 visible ASCII characters, no `.` (it separates the signed parts). */
export function isDeliveryId(id: string): boolean {
  if (id.length === 0 || id.length > 256) return false;
  // Without a branch per character: any code out of range, or a full stop, makes `bad` negative.
  let bad = 0;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    bad |= (c - 0x21) | (0x7e - c) | ((c ^ 0x2e) - 1);
  }
  return bad >= 0;
}

/** The value of 1 to 15 ASCII digits, or -1 for anything else (read by index: no `Number()`, no regex). */
export function secondsOf(text: string): number {
  if (text.length === 0 || text.length > 15) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

/** 1 to 15 ASCII digits. */
export function isSeconds(text: string): boolean {
  return secondsOf(text) >= 0;
}

/** A delivery id read from a header, or the failure to report. */
export function readId(value: string | undefined, header: string): string | VerifyFailure {
  if (value === undefined || value.trim() === '')
    return failure('header_missing', `the ${header} header is missing`, header);
  const id = value.trim();
  if (!isDeliveryId(id)) {
    return failure(
      'header_malformed',
      `the ${header} header must be 1 to 256 visible ASCII characters without "."`,
      header,
    );
  }
  return id;
}

/** A timestamp in Unix seconds read from a header: its text (signed as sent) and milliseconds. */
export function readSeconds(
  value: string | undefined,
  header: string,
): { text: string; ms: number } | VerifyFailure {
  if (value === undefined || value.trim() === '')
    return failure('header_missing', `the ${header} header is missing`, header);
  const text = value.trim();
  const seconds = secondsOf(text);
  if (seconds < 0) {
    return failure(
      'header_malformed',
      `the ${header} header must be an integer number of Unix seconds, got ${quote(text)}`,
      header,
    );
  }
  return { text, ms: seconds * 1000 };
}

/** A short, quoted excerpt of an untrusted value for a message. */
function quote(text: string): string {
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text);
}
