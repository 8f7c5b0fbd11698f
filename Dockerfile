# syntax=docker/dockerfile:1.7
# One image recipe for every app: `docker build --build-arg APP=catalog -t dx/catalog .`
# The same image runs the app, its migrations (tools/cli/migrate.js) and topic provisioning.

FROM node:22.23-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY tsconfig.base.json tsconfig.build.json ./
COPY apps apps
COPY libs libs
COPY tools/cli tools/cli
COPY tools/simulation tools/simulation
RUN npx tsc -p tsconfig.build.json

FROM node:22.23-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:22.23-bookworm-slim AS runtime
ARG APP
ENV NODE_ENV=production \
    TS_NODE_PROJECT=/app/tsconfig.runtime.json \
    DX_SERVICE=${APP} \
    OTEL_SERVICE_NAME=${APP}
WORKDIR /app
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/dist dist
# The insights web dashboard's static files (served by insights at /).
COPY apps/insights/web apps/insights/web
COPY package.json tsconfig.runtime.json ./
USER node
EXPOSE 3001 3002 3003 3004 3005
# Path aliases of the compiled libs resolve through tsconfig.runtime.json.
CMD ["sh", "-c", "exec node -r tsconfig-paths/register dist/apps/${DX_SERVICE}/src/main.js"]
