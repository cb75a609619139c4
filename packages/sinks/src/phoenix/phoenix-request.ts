import type { SinkHttp, SinkLog, SinkRequest, SinkResponse } from '../http/create-sink-http.js';
import type { PhoenixTokens } from './phoenix-token.js';

/** A Phoenix API call with the bearer token. */
export type PhoenixRequest = (req: SinkRequest) => Promise<SinkResponse>;

/**
 * Sends with `Authorization: Bearer <token>`; on a 401 forgets the token, fetches a new one and
 * sends once more. A second 401 is a SINK_AUTH error.
 */
export function createPhoenixRequest(
  http: SinkHttp,
  tokens: PhoenixTokens,
  destination: string,
  log?: SinkLog,
): PhoenixRequest {
  const send = async (req: SinkRequest, passStatuses: readonly number[]) => {
    const token = await tokens.get(req.signal);
    return http.request({
      ...req,
      headers: { ...req.headers, authorization: `Bearer ${token}` },
      passStatuses,
    });
  };
  return async (req) => {
    const pass = req.passStatuses ?? [];
    const res = await send(req, [...pass, 401]);
    if (res.status !== 401 || pass.includes(401)) return res;
    log?.(
      'info',
      `${destination}: Phoenix answered 401 for ${req.method} ${req.path}; authenticating again`,
      {
        destination,
      },
    );
    tokens.invalidate();
    return send(req, pass);
  };
}
