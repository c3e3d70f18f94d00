import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const contracts = fileURLToPath(new URL('../../packages/contracts/src/index.ts', import.meta.url));

export default defineConfig({
  base: '/',
  plugins: [react()],
  // The web reads the contracts' source so it never depends on the compiled dist.
  resolve: { alias: { '@gongzhi/contracts': contracts } },
  server: {
    // In development the API runs separately (see the brief: PORT=3100).
    proxy: { '/api': process.env.GONGZHI_API ?? 'http://localhost:3100' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      // Two pages: a lean landing page and the staff console SPA.
      input: {
        landing: fileURLToPath(new URL('./index.html', import.meta.url)),
        admin: fileURLToPath(new URL('./admin/index.html', import.meta.url)),
      },
    },
  },
});
