import { link } from 'node:fs/promises';
import path from 'node:path';
import type { ForwardContext, Store, StoredForward } from '@scanrelay/storage/types';
import type { Forwarding, PlannedDestination } from './create-forwarding.js';
import type { DestinationOverrides } from './credential-overrides.js';
import type { SendForward } from './send-forward.js';

export interface StartForwardsInput {
  tenantId: string;
  scanId: string;
  destinations: PlannedDestination[];
  context: ForwardContext;
  sealedCredentials?: string;
  /** The original report (an upload): kept, as `<scanId>.report` beside it, for the destinations that send it. */
  reportPath?: string;
}

/** The first attempt's message id: the same on a rerun of the job, so it is queued once. */
const firstAttemptId = (forwardId: string) => `fwd-${forwardId}-1`;

/**
 * Creates one forward per destination (idempotent: a rerun finds them) and queues the first attempt
 * of each one not yet started. Each forward keeps only its own destination's credentials, sealed.
 */
export async function startForwards(
  store: Store,
  forwarding: Forwarding,
  send: SendForward,
  input: StartForwardsInput,
): Promise<StoredForward[]> {
  const overrides = input.sealedCredentials
    ? (forwarding.secrets.open(input.sealedCredentials) as DestinationOverrides)
    : {};
  const reportFile =
    input.reportPath && input.destinations.some((d) => d.needsReport)
      ? await keepReport(input.reportPath, input.scanId)
      : undefined;
  const out: StoredForward[] = [];
  for (const d of input.destinations) {
    const own = overrides[d.name];
    const forward = await store.forwards.ensure({
      tenantId: input.tenantId,
      scanId: input.scanId,
      destination: d.name,
      kind: d.kind,
      context: input.context,
      reportFile: d.needsReport ? reportFile : undefined,
      sealedCredentials: own ? forwarding.secrets.seal({ [d.name]: own }) : undefined,
    });
    if (forward.status === 'pending')
      await send({ forwardId: forward.id, attempt: 1 }, { messageId: firstAttemptId(forward.id) });
    out.push(forward);
  }
  return out;
}

/** A hard link to the report that outlives the upload (deleted when the job ends). Returns its file name. */
async function keepReport(reportPath: string, scanId: string): Promise<string> {
  const name = `${scanId}.report`;
  try {
    await link(reportPath, path.join(path.dirname(reportPath), name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return name;
}
