import type { OutboundPolicy } from '@scanrelay/outbound';
import type { DestinationConfig } from './destination-config.js';
import type { Sink } from './sink.js';

/** What every sink needs from its host. */
export interface SinkDeps {
  /** Rules for the destination URLs (private addresses only when allowed). */
  outbound: OutboundPolicy;
  /** Progress lines; never given a credential. */
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

/** The sink for one configured destination. */
export function createSink(config: DestinationConfig, _deps: SinkDeps): Sink {
  throw new TypeError(`@scanrelay/sinks: no sink for kind "${config.kind}" yet`);
}
