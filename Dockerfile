# syntax=docker/dockerfile:1
# One image for every Spade process: `docker run IMAGE scheduler|parser|writer|dashboard|seed|...`.
# Build: docker build -t spade .

ARG NODE_IMAGE=node:20-bookworm-slim

# --- manifests: the package.json files in their folders, so the npm ci layers below are
# rebuilt only when a manifest or the lockfile changes (COPY with globs would flatten them).
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir -p /manifests \
 && cp package.json package-lock.json .npmrc /manifests/ \
 && for manifest in packages/*/package.json apps/*/package.json; do \
      mkdir -p "/manifests/$(dirname "$manifest")" && cp "$manifest" "/manifests/$manifest"; \
    done

# --- build: every dependency (dev ones too), then turbo builds each workspace to dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
COPY --from=manifests /manifests/ ./
# A C toolchain for @spade/gzip's libdeflate binding (node-gyp); the runtime stage needs none.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# --ignore-scripts: npm ci runs the root "prepare" (a turbo build) and the sources are not here yet.
# Dependencies' native parts come as prebuilt optional packages; our own binding is built below.
RUN npm ci --ignore-scripts
COPY . .
RUN npm rebuild --foreground-scripts @spade/gzip \
 && test -f packages/gzip/build/Release/spade_gzip.node \
 && npx turbo run build --output-logs=errors-only \
 && mkdir -p /out/apps/cli /out/packages/gzip/build/Release \
 && for workspace in packages/* apps/*; do mkdir -p "/out/$workspace" && cp -r "$workspace/dist" "/out/$workspace/"; done \
 && cp -r apps/cli/bin /out/apps/cli/ \
 && cp packages/gzip/build/Release/spade_gzip.node /out/packages/gzip/build/Release/

# --- runtime: production dependencies and the built code (the gzip binding included) only.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true \
    SPADE_TABLE_CONFIG=/app/fixtures/spade/latest/table_config.json \
    SPADE_GEOIP_DIR=/app/fixtures/geoip
WORKDIR /app
COPY --from=manifests /manifests/ ./
# --omit=dev keeps optional dependencies: they carry the prebuilt native parts (msgpackr-extract).
# --ignore-scripts: the root "prepare" needs turbo, a dev dependency.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /out/ ./
# The table config and MaxMind's test GeoIP databases, so the default settings work as they are;
# mount real GeoLite2/GeoIP2 databases and set SPADE_GEOIP_DIR in production.
COPY fixtures/ ./fixtures/
# The official node images have the unprivileged user `node` (uid 1000).
USER node
# 9464: /metrics, /healthz and /readyz of scheduler, parser and writer; 3000: the dashboard.
EXPOSE 9464 3000
# Exec form: node is PID 1 and receives SIGTERM itself; every long-running command drains on it.
ENTRYPOINT ["node", "apps/cli/bin/spade.js"]
CMD ["--help"]
