import type { Scheme } from '../scheme.js';
import { githubScheme } from './github.js';
import { scanrelayScheme } from './scanrelay.js';
import type { SchemeAdapter } from './scheme-adapter.js';
import { standardScheme } from './standard.js';
import { stripeScheme } from './stripe.js';

export const schemeAdapters: Readonly<Record<Scheme, SchemeAdapter>> = {
  scanrelay: scanrelayScheme,
  standard: standardScheme,
  github: githubScheme,
  stripe: stripeScheme,
};
