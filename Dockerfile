# syntax=docker/dockerfile:1
# gatehouse: a small non-root image. Build: docker build -t gatehouse .
# Run:   docker run -p 8080:8080 -v gatehouse-data:/var/lib/gatehouse \
#          -v $PWD/my-config.yaml:/etc/gatehouse/gatehouse.yaml:ro gatehouse
# The image holds no default config on purpose: the shipped config/gatehouse.yaml is a localhost
# demo (demo users, a demo admin key, a plain-HTTP cookie) and must never serve a network.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    GATEHOUSE_CONFIG=/etc/gatehouse/gatehouse.yaml \
    GATEHOUSE_HOST=0.0.0.0 \
    GATEHOUSE_DATA_DIR=/var/lib/gatehouse
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY config/examples ./config/examples
RUN mkdir -p /var/lib/gatehouse && chown node:node /var/lib/gatehouse
USER node
EXPOSE 8080
VOLUME ["/var/lib/gatehouse"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "bin/gatehouse.mjs", "healthcheck"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
