import { z } from 'zod';
import { cliConfigSchema, ENV_SETTINGS } from './config-schema.js';

/** The part of a generated JSON Schema this reads. */
interface Node {
  type?: string;
  description?: string;
  properties?: Record<string, Node>;
  required?: string[];
  enum?: unknown[];
  items?: Node;
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  default?: unknown;
}

interface SettingDoc {
  path: string;
  env: string | undefined;
  type: string;
  default: unknown;
  description: string | undefined;
  required: boolean;
}

export interface GroupDoc {
  path: string;
  description: string | undefined;
  settings: SettingDoc[];
}

const UNBOUNDED = Number.MAX_SAFE_INTEGER;

function typeOf(n: Node, hasEnv: boolean): string {
  if (n.enum) return n.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (n.type === 'array') {
    const min = n.items?.minLength && n.items.minLength > 1 ? ` of ≥ ${n.items.minLength} characters` : '';
    return `list of ${n.items?.type ?? 'value'}s${min}${hasEnv ? ' (comma-separated in the environment)' : ''}`;
  }
  if (n.type === 'boolean') return 'boolean (`true`/`false`)';
  if (n.type === 'integer' || n.type === 'number') {
    const low = n.exclusiveMinimum !== undefined ? `> ${n.exclusiveMinimum}` : n.minimum;
    const high = n.maximum !== undefined && n.maximum < UNBOUNDED ? n.maximum : undefined;
    if (typeof low === 'number' && low > -UNBOUNDED && high !== undefined) return `integer ${low}–${high}`;
    if (typeof low === 'number' && low > -UNBOUNDED) return `integer ≥ ${low}`;
    return typeof low === 'string' ? `integer ${low}` : 'integer';
  }
  if (n.format === 'uri') return 'URL';
  if (n.pattern) return `string matching \`${n.pattern}\``;
  if (n.minLength && n.minLength > 1) return `string (≥ ${n.minLength} characters)`;
  return n.type ?? 'any';
}

function valueAt(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
}

/**
 * Every setting of the CLI configuration, grouped by the object that holds it: path, environment
 * variable, type, default (what an empty configuration parses to) and description.
 */
export function describeSettings(): GroupDoc[] {
  const schema = z.toJSONSchema(cliConfigSchema, { io: 'input', unrepresentable: 'any' }) as Node;
  const defaults = cliConfigSchema.parse({});
  // A setting with an alias lists the winning variable first (the last one read), then the alias.
  const envOf = new Map<string, string>();
  for (const [env, at] of Object.entries(ENV_SETTINGS)) {
    const earlier = envOf.get(at);
    envOf.set(at, earlier ? `${env} or ${earlier}` : env);
  }
  const groups: GroupDoc[] = [];
  const walk = (node: Node, path: string[]) => {
    const group: GroupDoc = { path: path.join('.'), description: node.description, settings: [] };
    groups.push(group);
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const at = [...path, key];
      if (child.type === 'object' && child.properties) {
        walk(child, at);
        continue;
      }
      group.settings.push({
        path: at.join('.'),
        env: envOf.get(at.join('.')),
        type: typeOf(child, envOf.has(at.join('.'))),
        // What an empty configuration parses to; inside an optional group, the schema's own default.
        default: valueAt(defaults, at) ?? child.default,
        description: child.description,
        required: node.required?.includes(key) ?? false,
      });
    }
  };
  walk(schema, []);
  return groups.filter((g) => g.settings.length > 0);
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text}\``;

function defaultText(s: SettingDoc): string {
  if (s.default === undefined) return s.required ? 'required' : '—';
  return code(JSON.stringify(s.default));
}

/** docs/configuration.md: the reference of every setting, generated from the configuration schema. */
export function renderConfigDocs(): string {
  const out = [INTRO];
  for (const group of describeSettings()) {
    out.push(`## ${group.path ? code(group.path) : 'Client commands'}`, '');
    if (group.description) out.push(`${group.description}.`, '');
    out.push('| Setting | Environment | Type | Default | Description |', '|---|---|---|---|---|');
    for (const s of group.settings) {
      const row = [
        code(s.path),
        s.env ? s.env.split(' or ').map(code).join(' or ') : '—',
        s.type,
        defaultText(s),
        cell(s.description ?? ''),
      ];
      out.push(`| ${row.join(' | ')} |`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const INTRO = `# Configuration reference

<!-- Generated from apps/cli/src/config/config-schema.ts by \`pnpm --filter scanrelay docs:config\`; do not edit. -->

Every setting of \`scanrelay serve\`, \`scanrelay worker\` and the client commands. Sources, lowest
first: the defaults below, the configuration file (\`./scanrelay.config.yaml\` when present, or
\`--config FILE\`), the environment variables, the command-line flags. In the file a setting's path
is its nesting, and unknown settings are refused:

\`\`\`yaml
server:
  host: 0.0.0.0
  databaseUrl: postgres://scanrelay@db.internal:5432/scanrelay
  databaseSchema: scanrelay
  redisUrl: redis://redis.internal:6379
  queuePrefix: scanrelay-prod
invicti:
  url: https://eu.netsparker.cloud
webhooks:
  invicti:
    mode: worker
    tenant: default
    project: invicti
\`\`\`

Keep secrets (tokens, API tokens, passwords in \`DATABASE_URL\`) in the environment rather than in
the file. A bad value stops the command with exit code 2, naming the setting and where the value
came from, never the value of a secret.

## Setting up the Invicti completion webhook

1. Choose a token of at least 16 characters (\`openssl rand -hex 24\`) and give it to scanrelay:
   \`SCANRELAY_INVICTI_WEBHOOK_TOKENS=<token>\` (several, comma-separated, while you rotate). Or
   choose an HMAC secret instead (\`SCANRELAY_INVICTI_WEBHOOK_SECRETS\`) when the caller signs its
   body. Either one enables the webhook.
2. In Invicti, send the scan-completion notification to
   \`https://<your scanrelay>/api/v1/webhooks/invicti-scan-complete\` with the header
   \`Authorization: Bearer <token>\`.
3. Say who fetches the issues (\`webhooks.invicti.mode\`):
   - \`worker\` (default): the scanrelay worker fetches them, so where the worker runs it needs
     \`SCANRELAY_INVICTI_USER_ID\` and \`SCANRELAY_INVICTI_API_TOKEN\` (and \`SCANRELAY_INVICTI_URL\`
     outside the US cloud). \`scanrelay serve\` and \`scanrelay worker\` warn at start when the webhook
     is enabled without them.
   - \`workflow\`: scanrelay dispatches the \`fetch-invicti-results.yml\` workflow on GitHub, which runs
     \`scanrelay invicti issues\` with its own secrets; set \`SCANRELAY_GITHUB_TOKEN\` and
     \`webhooks.invicti.workflow.owner\` / \`.repo\` in the configuration file.
4. The issues are stored for tenant \`webhooks.invicti.tenant\`, under project
   \`webhooks.invicti.project\` unless the delivery names one.
`;
