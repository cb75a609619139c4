import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.js';
import { SECURITY_SCHEMES } from './security-schemes.js';

/** The tags of the document, in the order the docs page shows them. */
const TAGS = [
  { name: 'service', description: 'Health, Prometheus metrics and this document.' },
  { name: 'upload', description: 'Send a scanner report; a worker parses, deduplicates and stores it.' },
  { name: 'jobs', description: 'Follow queued work: status, result, and the live log (SSE or WebSocket).' },
  { name: 'scans', description: 'Scans with their counts, verdict and score, and the findings each saw.' },
  { name: 'projects', description: 'A project’s findings across scans and its external SAST state.' },
  {
    name: 'findings',
    description:
      'Post secureCodeBox findings (what `scanrelay invicti issues` writes), read a finding, triage it (false positive, accepted risk) and read its history.',
  },
  { name: 'forwards', description: 'Findings sent on to destinations: per-destination state, dead letters.' },
  {
    name: 'webhooks',
    description: 'Deliveries from Invicti and SAST runners, signed or token-authenticated.',
  },
  { name: 'sast', description: 'External SAST: publish a project, receive results, attestation keys.' },
  { name: 'blocklist', description: 'Projects refused by installers and CI gates until lifted.' },
  { name: 'admin', description: 'API keys of the caller’s tenant (scope admin).' },
];

/** The document's top level; paths and components come from the routes' registrations. */
export function openApiDocumentConfig(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'scanrelay API',
      version,
      description:
        'Upload scanner reports, follow jobs, read scans and findings, run external SAST. Errors are ' +
        '`application/problem+json` with a stable `code`. Most routes take an API key (`scanrelay keys create`); ' +
        'webhooks are authenticated by a token or an HMAC signature over the raw body.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'This service' }],
    tags: TAGS,
  };
}

/** Adds every security scheme to `components.securitySchemes`. */
export function registerSecuritySchemes(app: OpenAPIHono<AppEnv>): void {
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES))
    app.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
}
