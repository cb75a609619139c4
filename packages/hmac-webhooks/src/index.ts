export {
  DEFAULT_TOLERANCE_SECONDS,
  DEFAULT_UNTIMED_REPLAY_TTL_SECONDS,
  type VerifySettings,
} from './check-delivery.js';
export { createVerifier, type Verifier, type VerifierOptions } from './create-verifier.js';
export { type DeliveryStore, deliveryKey } from './delivery-store.js';
export type { HeadersInput } from './headers-input.js';
export { matchesToken, presentedToken } from './match-token.js';
export {
  createMemoryDeliveryStore,
  type MemoryDeliveryStore,
  type MemoryDeliveryStoreOptions,
} from './memory-delivery-store.js';
export { assertScheme, isScheme, SCHEMES, type Scheme } from './scheme.js';
export {
  GITHUB_DELIVERY_HEADER,
  GITHUB_SIGNATURE_HEADER,
} from './schemes/github.js';
export {
  SCANRELAY_ID_HEADER,
  SCANRELAY_SIGNATURE_HEADER,
  SCANRELAY_TIMESTAMP_HEADER,
} from './schemes/scanrelay.js';
export {
  STANDARD_ID_HEADER,
  STANDARD_SIGNATURE_HEADER,
  STANDARD_TIMESTAMP_HEADER,
} from './schemes/standard.js';
export { STRIPE_SIGNATURE_HEADER } from './schemes/stripe.js';
export { generateSecret, type Secret, type Secrets } from './secret.js';
export { type SignedDelivery, type SignOptions, sign, signDelivery } from './sign.js';
export { type SignedRequest, type SignRequestOptions, signRequest } from './sign-request.js';
export { type VerifyOptions, verify, verifySync } from './verify.js';
export {
  isVerifyFailure,
  VERIFY_FAILURE_REASONS,
  type VerifyFailure,
  type VerifyFailureReason,
  type VerifyResult,
  type VerifySuccess,
} from './verify-result.js';
export { problem, type WebhookProblem, type WebhookProblemCode, webhookProblem } from './webhook-problem.js';
