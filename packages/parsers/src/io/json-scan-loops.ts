/**
 * The hot loops of the streaming JSON reader: find where a value ends without decoding it. Each
 * returns the index just past the value, or -1 when the buffer ends first; `state` then says where to
 * resume once more bytes are appended (the buffer keeps every byte from the value's start, so a
 * resume position one past the end, after a backslash, is still right).
 */
export interface ScanState {
  pos: number;
  depth: number;
  inString: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The end of a string whose opening quote is before `state.pos`. */
export function scanString(b: Uint8Array, len: number, state: ScanState): number {
  let i = state.pos;
  while (i < len) {
    const c = b[i++]!;
    if (c === QUOTE) return i;
    if (c === BACKSLASH) i++;
  }
  state.pos = i;
  return -1;
}

/** The end of an object or array starting at `state.pos` (depth 0) or resumed inside it. */
export function scanContainer(b: Uint8Array, len: number, state: ScanState): number {
  let i = state.pos;
  let depth = state.depth;
  if (state.inString) {
    while (true) {
      if (i >= len) {
        state.pos = i;
        return -1;
      }
      const c = b[i++]!;
      if (c === QUOTE) break;
      if (c === BACKSLASH) i++;
    }
    state.inString = false;
  }
  while (i < len) {
    const c = b[i++]!;
    if (c === QUOTE) {
      while (true) {
        if (i >= len) {
          state.pos = i;
          state.depth = depth;
          state.inString = true;
          return -1;
        }
        const d = b[i++]!;
        if (d === QUOTE) break;
        if (d === BACKSLASH) i++;
      }
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return i;
    }
  }
  state.pos = i;
  state.depth = depth;
  return -1;
}

/** The end of a number or literal: the next delimiter, or the end of the input when `final`. */
export function scanScalar(b: Uint8Array, len: number, state: ScanState, final: boolean): number {
  let i = state.pos;
  while (i < len) {
    const c = b[i]!;
    if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)
      return i;
    i++;
  }
  if (final) return len;
  state.pos = i;
  return -1;
}
