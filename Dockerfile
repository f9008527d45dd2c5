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
FROM node:26-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --workspaces=false --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
