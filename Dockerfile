# syntax=docker/dockerfile:1
# ── build: install all deps (native better-sqlite3 needs a toolchain), typecheck, then prune ──────
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY adapters ./adapters
COPY bin ./bin
RUN npx tsc --noEmit -p tsconfig.json || (echo "typecheck failed" && exit 1)
RUN npm prune --omit=dev

# ── runtime: production deps only, non-root ─────────────────────────────────────────────────────
FROM node:20-bookworm-slim
# The production image serves platforms (and the dashboard with ADMIN_TOKEN), not the login-less playground.
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data HOST=0.0.0.0 PLAYGROUND=off
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/src ./src
COPY --from=build --chown=node:node /app/adapters ./adapters
COPY --from=build --chown=node:node /app/bin ./bin
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--import", "tsx", "src/app/main.ts"]
