import { checkOutboundUrl } from './check-outbound-url.js';
import type { OutboundPolicy } from './outbound-policy.js';

/** The part of zod's refinement context this uses (zod's `ctx` fits it; no zod dependency here). */
export interface RefinementContext {
  addIssue(issue: { code: 'custom'; message: string; input: unknown }): void;
}

/**
 * For wire schemas: `z.string().superRefine(outboundUrlRefinement(policy))` adds an issue when the
 * URL fails checkOutboundUrl (scheme, credentials, private IP literals, localhost). The resolved
 * addresses are checked later, where the URL is used (resolveOutboundUrl, createOutboundLookup).
 */
export function outboundUrlRefinement(policy: OutboundPolicy = {}) {
  return (value: string, ctx: RefinementContext): void => {
    const checked = checkOutboundUrl(value, policy);
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.reason, input: value });
  };
}
