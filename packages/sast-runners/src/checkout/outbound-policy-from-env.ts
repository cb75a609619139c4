import type { OutboundPolicy } from '@scanrelay/outbound';

/**
 * The outbound policy for repository URLs from the environment: `SCANRELAY_ALLOW_PRIVATE_URLS=true`
 * allows private and loopback hosts and, with them, `http:`; otherwise https to public hosts only.
 */
export function outboundPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): OutboundPolicy {
  const allowPrivateUrls = env.SCANRELAY_ALLOW_PRIVATE_URLS === 'true';
  return { allowPrivateUrls, allowHttp: allowPrivateUrls };
}
