import type { OutboundPolicy } from '@scanrelay/outbound';
import { createDefectDojoSink } from './defectdojo/create-defectdojo-sink.js';
import type { DestinationConfig } from './destination-config.js';
import type { SinkLog, Sleep } from './http/create-sink-http.js';
import { createPhoenixSink } from './phoenix/create-phoenix-sink.js';
import { createSecureCodeBoxSink } from './securecodebox/create-securecodebox-sink.js';
import type { Sink } from './sink.js';
import { createWebhookSink } from './webhook/create-webhook-sink.js';

/** What every sink needs from its host. */
export interface SinkDeps {
  /** Rules for the destination URLs (private addresses only when allowed). */
  outbound: OutboundPolicy;
  /** Progress lines; never given a credential. */
  log?: SinkLog;
  /** Waits between retries and polls; tests inject one that records the waits. */
  sleep?: Sleep;
  /** Jitter source, [0, 1). */
  random?: () => number;
  /** Milliseconds since the epoch (token expiry, `Retry-After` dates). */
  now?: () => number;
}

/** The sink for one configured destination. */
export function createSink(config: DestinationConfig, deps: SinkDeps): Sink {
  switch (config.kind) {
    case 'phoenix':
      return createPhoenixSink(config, deps);
    case 'defectdojo':
      return createDefectDojoSink(config, deps);
    case 'securecodebox':
      return createSecureCodeBoxSink(config, deps);
    case 'webhook':
      return createWebhookSink(config, deps);
    default:
      throw new TypeError(`@scanrelay/sinks: no sink for kind "${(config as { kind: string }).kind}"`);
  }
}
