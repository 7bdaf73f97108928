import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `npm run dev -w packages/console` proxies the APIs to a server started with `npm start`. */
const target = process.env.BATON_URL ?? 'http://127.0.0.1:22866';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  server: {
    proxy: {
      '^/$': { target, bypass: (req) => (req.method === 'POST' ? undefined : req.url) },
      '/baton': { target },
      '/v1': { target },
    },
  },
});
