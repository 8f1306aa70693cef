# newsmon's workers. Node 24 runs the TypeScript sources directly (type stripping), so there is no build step.
FROM node:24-bookworm-slim
WORKDIR /app
# config/docker.yaml reads public feeds; config/newsmon.yaml is the demo's, which polls the fixture site on
# the container's own loopback.
ENV NODE_ENV=production NEWSMON_LOG_FORMAT=json NEWSMON_CONFIG=/app/config/docker.yaml
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --loglevel=error && npm cache clean --force
COPY cli ./cli
COPY config ./config
COPY lib ./lib
COPY ops ./ops
COPY queues ./queues
COPY workers ./workers
# `newsmon kibana setup` loads the saved objects from here.
COPY infra/kibana ./infra/kibana
# The demo's fixture news site lives with the tests.
COPY test/fixture-site ./test/fixture-site
USER node
ENTRYPOINT ["node", "cli/newsmon.js"]
CMD ["run"]
