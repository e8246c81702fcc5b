/**
 * `npm run build:console` type-checks the app (vite only strips types), then `vite build console`
 * writes it to console/dist, which the Stepwise server serves at `/`. `npx vite console` serves
 * it with hot reload, passing the APIs through to a running Stepwise (STEPWISE_URL, default
 * http://127.0.0.1:8083).
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const target = process.env.STEPWISE_URL ?? 'http://127.0.0.1:8083';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: {
      '/console/api': { target, changeOrigin: true },
      '/2015-03-31': { target, changeOrigin: true },
      // The Step Functions API is POST /; the app itself is GET /.
      '^/$': { target, changeOrigin: true, bypass: (req) => (req.method === 'POST' ? undefined : req.url) },
    },
  },
});
