import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * Node's request under `@hono/node-server` (its `c.env.incoming`), while nothing has read its body;
 * undefined elsewhere (`app.request`, other runtimes) or once the body was touched.
 */
export function untouchedIncoming(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || typeof incoming.on !== 'function') return undefined;
  return incoming.readableFlowing === null && !incoming.readableEnded ? incoming : undefined;
}

/**
 * The raw body straight from node's request stream, bounded: 'too_large' as soon as it passes `max`
 * (or its content-length says it will). Reading it this way spares building a fetch `Request`, its
 * body stream and its AbortSignal for every delivery.
 */
export function readIncomingBody(incoming: IncomingMessage, max: number): Promise<Uint8Array | 'too_large'> {
  const declared = incoming.headers['content-length'];
  if (declared !== undefined && /^[0-9]+$/.test(declared.trim()) && Number(declared) > max)
    return Promise.resolve('too_large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = () => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total <= max) {
        chunks.push(chunk);
        return;
      }
      done();
      // Drain the rest without keeping it, so that the 413 answer goes out on a healthy connection.
      incoming.resume();
      resolve('too_large');
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    incoming.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
