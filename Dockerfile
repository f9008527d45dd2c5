# syntax=docker/dockerfile:1
# Build stage: compile TypeScript with the dev toolchain.
FROM node:26-bookworm-slim AS build
WORKDIR /app
# The simulator's package.json too: npm ci installs the workspace's link from the lock.
COPY package.json package-lock.json ./
COPY packages/pd-sim/package.json ./packages/pd-sim/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
# The simulator's source is here only so tsc can type-check the demo that imports it; tsc emits only src/.
COPY packages/pd-sim/src ./packages/pd-sim/src
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies only, non-root. No packages/: the PD simulator is a development
# tool and is not shipped, so `tikv-chatops demo` says to run `npm run demo` from a checkout instead.
# The bot writes nothing under /app (root-owned, the process runs as `node`), so the root filesystem can
# be read-only: it writes only AUDIT_FILE (mount a volume, e.g. /var/lib/tikv-chatops/audit.jsonl) and
# reads POLICY_FILE and CLUSTERS_FILE from mounts (e.g. /etc/tikv-chatops/policy.yaml). Logs go to stdout.
FROM node:26-bookworm-slim AS runtime
# Stack traces name the TypeScript file and line: dist/ carries its .js.map files (tsconfig.build.json).
ENV NODE_ENV=production NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --workspaces=false --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
# 3000: Slack's HTTP mode (PORT), with /healthz, /readyz and /metrics. 8080: those three in Socket Mode
# (HEALTH_PORT, on HEALTH_HOST, default 0.0.0.0), where Slack itself needs no port.
EXPOSE 3000 8080
# Liveness only (/healthz): readiness (/readyz) is for Kubernetes' routing, not for restarting.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/src/bin/healthcheck.js"]
CMD ["node", "dist/src/main.js"]
