export {
  createForwarding,
  type Forwarding,
  type ForwardingDeps,
  type ForwardPlan,
  type ForwardRequest,
  needsReport,
  type PlannedDestination,
  redactCredentials,
} from './create-forwarding.js';
export {
  type DestinationOverrides,
  PHOENIX_DESTINATION,
  type PhoenixOverrides,
  phoenixOverridesSchema,
} from './credential-overrides.js';
export {
  type ForwardingConfig,
  type ForwardingConfigInput,
  forwardingConfigSchema,
} from './forwarding-config.js';
export { type ReforwardInput, reforwardScan } from './reforward-scan.js';
export { type RunForwardDeps, runForward } from './run-forward.js';
export { scanFindings } from './scan-findings.js';
export { createSecretBox, generateSecretsKey, parseSecretsKey, type SecretBox } from './secret-box.js';
export {
  createForwardSender,
  FORWARD_MESSAGE,
  type ForwardMessage,
  forwardMessageSchema,
  type SendForward,
} from './send-forward.js';
export { type StartForwardsInput, startForwards } from './start-forwards.js';
