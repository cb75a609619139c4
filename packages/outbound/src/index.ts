export { checkOutboundUrl, type OutboundUrlCheck } from './check-outbound-url.js';
export { createOutboundLookup } from './create-outbound-lookup.js';
export { isPrivateAddress } from './is-private-address.js';
export { isOutboundError, OutboundError, type OutboundErrorCode } from './outbound-error.js';
export type { OutboundPolicy } from './outbound-policy.js';
export { outboundUrlRefinement, type RefinementContext } from './outbound-url-refinement.js';
export { type CheckedAnswer, type PostOptions, postToCheckedAddress } from './post-to-checked-address.js';
export { type ResolvedOutboundUrl, type ResolveOptions, resolveOutboundUrl } from './resolve-outbound-url.js';
