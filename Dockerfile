# scanrelay service image: one image for every role. `serve` (the default) runs API and worker in one
# process (SQLite + embedded queue in /data); with DATABASE_URL and REDIS_URL, `serve --no-worker` runs
# a stateless API replica and `worker` a queue worker (see compose.yaml and deploy/kubernetes).
#
# Base image pinned by digest (node:22-bookworm-slim, multi-platform index). To update:
#   docker buildx imagetools inspect node:22-bookworm-slim   # the "Digest:" line
# and replace the digest in both FROM lines.
FROM node:22-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c AS build
WORKDIR /src
RUN corepack enable && apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build \
  && pnpm --filter scanrelay deploy --prod --legacy /app

FROM node:22-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c
ENV NODE_ENV=production \
    SCANRELAY_HOST=0.0.0.0 \
    SCANRELAY_PORT=8787 \
    SCANRELAY_WORKER_HEALTH_PORT=9465 \
    SCANRELAY_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# SCANRELAY_PORT (8787): the API. GET /metrics there answers loopback callers only (this binds 0.0.0.0):
# to scrape, set SCANRELAY_METRICS_PORT=9464 (a listener that serves only /metrics) and/or
# SCANRELAY_METRICS_TOKEN. SCANRELAY_WORKER_HEALTH_PORT (9465): `worker` serves GET /health and
# GET /metrics there (`serve` ignores it). 9464 listens only when so configured.
EXPOSE 8787 9464 9465
# Healthy when the process's own listener answers: the API's /api/v1/health on SCANRELAY_PORT, or, for a
# `worker` (which has no API port), its /health on SCANRELAY_WORKER_HEALTH_PORT. Both read the configured
# ports, so `-e SCANRELAY_PORT=…` moves the check with the listener.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const e=process.env;const ok=(u)=>fetch(u,{signal:AbortSignal.timeout(4000)}).then((r)=>r.ok,()=>false);ok('http://127.0.0.1:'+(e.SCANRELAY_PORT||8787)+'/api/v1/health').then((a)=>a||(e.SCANRELAY_WORKER_HEALTH_PORT?ok('http://127.0.0.1:'+e.SCANRELAY_WORKER_HEALTH_PORT+'/health'):false)).then((h)=>process.exit(h?0:1))"]
ENTRYPOINT ["node", "/app/dist/bin.js"]
CMD ["serve"]
