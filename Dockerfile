# Production-like image of the Warmline server (API + Socket.IO + PBX link + jobs) with the built console.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci runs patch-package (postinstall), which applies patches/ (see docs/PBX.md, "The AMI reader").
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:console
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 CONSOLE_DIR=dist/console
EXPOSE 3000
CMD ["npx", "tsx", "server/main.ts"]
