import {
  CREDENTIAL_KEYS,
  createSink,
  type DestinationConfig,
  destinationConfigSchema,
  type Sink,
  type SinkDeps,
} from '@scanrelay/sinks';
import { CoreError } from '../core-error.js';
import {
  type DestinationOverrides,
  hasOverrides,
  PHOENIX_DESTINATION,
  type PhoenixOverrides,
} from './credential-overrides.js';
import {
  type ForwardingConfig,
  type ForwardingConfigInput,
  forwardingConfigSchema,
} from './forwarding-config.js';
import type { SecretBox } from './secret-box.js';

/** One destination an upload goes to. */
export interface PlannedDestination {
  name: string;
  kind: DestinationConfig['kind'];
  /** The destination sends the original report (DefectDojo, Phoenix translate): it is kept for it. */
  needsReport: boolean;
}

export interface ForwardPlan {
  destinations: PlannedDestination[];
  /** The upload's credential overrides, sealed; absent when it sent none. */
  sealedCredentials?: string;
}

export interface ForwardRequest {
  /** Names the upload chose; absent: the configured defaults. */
  destinations?: string[];
  phoenix?: PhoenixOverrides;
}

export interface ForwardingDeps {
  secrets: SecretBox;
  outbound: SinkDeps['outbound'];
  /** Default `@scanrelay/sinks`' createSink; tests pass their own. */
  createSink?: (config: DestinationConfig, deps: SinkDeps) => Sink;
  log?: SinkDeps['log'];
}

/** The service's destinations, shared by the API (which checks and seals an upload's choice) and the worker. */
export interface Forwarding {
  readonly config: ForwardingConfig;
  readonly secrets: SecretBox;
  /** Throws `CoreError` (`invalid_input`, naming the upload field) for unknown names or incomplete credentials. */
  plan(request: ForwardRequest): ForwardPlan;
  /** The destination as a forward sends it: the service's settings under the upload's sealed overrides. */
  resolve(name: string, sealedCredentials?: string): DestinationConfig;
  sink(config: DestinationConfig): Sink;
  /** Milliseconds before the attempt after attempt `attempt` (1-based). */
  retryDelay(attempt: number): number;
}

const PHOENIX_FIELDS: Record<string, string> = {
  clientId: 'phoenix_client_id',
  clientSecret: 'phoenix_client_secret',
  apiUrl: 'phoenix_api_url',
};

export function needsReport(config: DestinationConfig): boolean {
  return config.kind === 'defectdojo' || (config.kind === 'phoenix' && config.mode === 'translate');
}

/** Replaces every credential value of `config` found in `text` (an error message) with `[redacted]`. */
export function redactCredentials(text: string, config: DestinationConfig | undefined): string {
  if (!config) return text;
  let out = text;
  const record = config as Record<string, unknown>;
  for (const key of CREDENTIAL_KEYS) {
    const value = record[key];
    for (const secret of Array.isArray(value) ? value : [value]) {
      if (typeof secret === 'string' && secret.length >= 4) out = out.split(secret).join('[redacted]');
    }
  }
  return out;
}

export function createForwarding(input: ForwardingConfigInput, deps: ForwardingDeps): Forwarding {
  const config = forwardingConfigSchema.parse(input);
  const byName = new Map(config.destinations.map((d) => [d.name, d]));
  const defaults = config.defaults ?? config.destinations.map((d) => d.name);
  const makeSink = deps.createSink ?? createSink;

  const merge = (name: string, override: Record<string, unknown> | undefined): DestinationConfig => {
    const base = byName.get(name);
    if (!base && !override)
      throw new CoreError('not_found', `no destination named "${name}" is configured any more`);
    const parsed = destinationConfigSchema.safeParse({ kind: 'phoenix', ...base, ...override, name });
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const field = base?.kind === 'phoenix' || !base ? (PHOENIX_FIELDS[key] ?? key) : key;
    throw new CoreError(
      'invalid_input',
      `destination "${name}": ${field} ${issue?.code === 'invalid_type' ? 'is required' : `is invalid (${issue?.message})`}`,
    );
  };

  return {
    config,
    secrets: deps.secrets,
    plan(request) {
      const names = [...new Set(request.destinations ?? defaults)];
      const phoenix = hasOverrides(request.phoenix) ? request.phoenix : undefined;
      const overrides: DestinationOverrides = {};
      if (phoenix) {
        const targets = names.filter((n) => byName.get(n)?.kind === 'phoenix');
        // Phoenix credentials with no Phoenix destination chosen: they make one (the client's cascade).
        if (targets.length === 0) {
          if (!names.includes(PHOENIX_DESTINATION)) names.push(PHOENIX_DESTINATION);
          targets.push(PHOENIX_DESTINATION);
        }
        const given = Object.fromEntries(Object.entries(phoenix).filter(([, v]) => v !== undefined));
        for (const t of targets) overrides[t] = given;
      }
      const unknown = names.filter((n) => !byName.has(n) && !overrides[n]);
      if (unknown.length > 0)
        throw new CoreError(
          'invalid_input',
          `destinations: no destination named ${unknown.map((n) => `"${n}"`).join(', ')} is configured (configured: ${[...byName.keys()].join(', ') || 'none'})`,
        );
      const destinations = names.map((name) => {
        const resolved = merge(name, overrides[name]);
        return { name, kind: resolved.kind, needsReport: needsReport(resolved) };
      });
      return Object.keys(overrides).length > 0
        ? { destinations, sealedCredentials: deps.secrets.seal(overrides) }
        : { destinations };
    },
    resolve(name, sealedCredentials) {
      const overrides = sealedCredentials
        ? (deps.secrets.open(sealedCredentials) as DestinationOverrides)
        : undefined;
      return merge(name, overrides?.[name]);
    },
    sink: (destination) => makeSink(destination, { outbound: deps.outbound, log: deps.log }),
    retryDelay(attempt) {
      const full = Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** Math.max(0, attempt - 1));
      return Math.round(full * (1 - 0.2 * Math.random()));
    },
  };
}
