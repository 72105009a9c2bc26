# One image for every role of poststelle (ingest, worker, later the UI).
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
ENV POSTSTELLE_DATA_DIR=/data NODE_ENV=production
RUN mkdir -p /data && chown node:node /data
USER node
ENTRYPOINT ["node", "bin/poststelle.mjs"]
CMD ["start"]
