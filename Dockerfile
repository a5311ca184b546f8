# Production image of the Warmline server (API + Socket.IO + PBX link + jobs) serving the built console.
# Two stages: `build` installs every dependency and compiles TypeScript to JavaScript (dist/server/main.js, bundled by
# esbuild with packages left external) and the console (dist/console); `runtime` holds production dependencies, the
# built files and the SQL migrations only, and runs as the unprivileged `node` user. docs/OPERATIONS.md, "Image".

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci runs patch-package (postinstall), which applies patches/ (see docs/PBX.md, "The AMI reader").
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
# tini as PID 1: forwards SIGTERM to node (main.ts then closes the HTTP server, the PBX links and the pools) and
# reaps zombies. `docker run --init` does the same; this makes it independent of how the container is started.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 CONSOLE_DIR=dist/console
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund \
  && npm cache clean --force
COPY migrations ./migrations
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# Liveness only: readiness (database, Redis) is /health/ready, for the load balancer (docs/OPERATIONS.md, "Health").
# 5 retries x 15 s cover the migrations at a first start (no --start-period: the linter, dockerfilelint 1.8, rejects it).
HEALTHCHECK --interval=15s --timeout=3s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--enable-source-maps", "dist/server/main.js"]
