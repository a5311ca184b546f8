import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { constants as zlib } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { localeSplit } from './vite-locale-split';

const consoleRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/console', import.meta.url));
const backend = process.env.WARMLINE_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: consoleRoot,
  plugins: [
    vue(),
    localeSplit(),
    // Precompressed at build (issue #22.6): the server sends foo.js.br / foo.js.gz as they are, no CPU per request.
    compression({
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm('gzip', { level: 9 }),
      ],
      threshold: 512,
      // fonts are compressed already (woff2)
      exclude: [/\.woff2$/],
    }),
  ],
  // The wire contract shared with the server (server/contract), the one thing the console takes from server/.
  resolve: {
    alias: {
      '@contract': fileURLToPath(new URL('../server/contract', import.meta.url)),
      // vue-i18n without its message compiler: i18n/message-compiler.ts compiles the console's messages (#22.6).
      'vue-i18n': 'vue-i18n/dist/vue-i18n.runtime.esm-bundler.js',
    },
  },
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'true',
    __INTLIFY_JIT_COMPILATION__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir,
    emptyOutDir: true,
    // No public source maps (issue #22.6): WARMLINE_CONSOLE_SOURCEMAP=1 builds them for local debugging only.
    sourcemap: process.env.WARMLINE_CONSOLE_SOURCEMAP === '1',
    chunkSizeWarningLimit: 300,
    rollupOptions: {
      output: {
        // Framework code changes rarely: its own chunk stays cached across console releases.
        manualChunks(id) {
          if (/node_modules\/(@vue|vue|vue-router|pinia)\//.test(id)) return 'vue';
          if (/node_modules\/(vue-i18n|@intlify)\//.test(id)) return 'i18n';
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true },
    },
  },
});
