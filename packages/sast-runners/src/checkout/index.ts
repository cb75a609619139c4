export { type Checkout, type CheckoutOptions, checkoutRepository } from './checkout-repository.js';
export { outboundPolicyFromEnv } from './outbound-policy-from-env.js';
export { type ValidRef, validateRef } from './validate-ref.js';
export { type ValidRepoUrl, validateRepoUrl } from './validate-repo-url.js';
