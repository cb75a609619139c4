# scanrelay service image: API and worker in one process by default (SQLite + embedded queue),
# or separate roles with DATABASE_URL / REDIS_URL (see compose.yaml).
FROM node:22-bookworm-slim AS build
WORKDIR /src
RUN corepack enable && apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build \
  && pnpm --filter scanrelay deploy --prod --legacy /app

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# 8787: the API. GET /metrics there answers loopback callers only (this binds 0.0.0.0): to scrape,
# set SCANRELAY_METRICS_PORT=9464 (a listener that serves only /metrics; publish it to the monitoring
# network alone) and/or SCANRELAY_METRICS_TOKEN (a bearer token). `worker` serves /health and /metrics
# with SCANRELAY_WORKER_HEALTH_PORT=9465. 9464 and 9465 listen only when so configured.
EXPOSE 8787 9464 9465
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:8787/api/v1/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
ENTRYPOINT ["node", "/app/dist/bin.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8787", "--data-dir", "/data"]
