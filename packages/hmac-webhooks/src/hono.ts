export {
  type SecretsFor,
  type VerifiedWebhook,
  type WebhookAuthOptions,
  type WebhookEnv,
  webhookAuth,
} from './hono/webhook-auth.js';
