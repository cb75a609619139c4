import { SastError } from '../sast-error.js';

const COMMIT = /^[0-9a-f]{40}$/;
/** A branch or tag name: starts with a letter or digit, then letters, digits, `.`, `_`, `/`, `-`. */
const REF_CHARS = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const MAX_REF_LENGTH = 255;

/** A ref that passed `validateRef`. */
export interface ValidRef {
  ref: string;
  /** The ref is a full 40-hex commit sha. */
  isCommit: boolean;
}

function refuse(reason: string): never {
  throw new SastError('invalid_ref', `ref refused: ${reason}`);
}

/**
 * Checks a branch, tag or 40-hex commit before git sees it: never option-like (`-x`,
 * `--upload-pack=…`), only the characters of ordinary ref names, none of git's forbidden
 * sequences. Throws `SastError` `invalid_ref` with the reason.
 */
export function validateRef(ref: string): ValidRef {
  if (typeof ref !== 'string' || ref.length === 0) refuse('it is empty');
  if (ref.length > MAX_REF_LENGTH) refuse(`it is longer than ${MAX_REF_LENGTH} characters`);
  if (ref.startsWith('-')) refuse('it starts with "-" (an option, not a ref)');
  if (COMMIT.test(ref)) return { ref, isCommit: true };
  if (!REF_CHARS.test(ref))
    refuse('only letters, digits, ".", "_", "/" and "-" are allowed, starting with a letter or digit');
  for (const bad of ['..', '//', '/.', '/-']) {
    if (ref.includes(bad)) refuse(`it contains "${bad}"`);
  }
  if (ref.endsWith('/') || ref.endsWith('.') || ref.endsWith('.lock'))
    refuse('it ends with "/", "." or ".lock"');
  return { ref, isCommit: false };
}
