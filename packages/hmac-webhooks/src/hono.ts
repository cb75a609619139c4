export { readBodyLimited } from './hono/read-body-limited.js';
export {
  type SecretsFor,
  type VerifiedWebhook,
  type WebhookAuthOptions,
  type WebhookEnv,
  type WebhookRefusal,
  webhookAuth,
} from './hono/webhook-auth.js';
