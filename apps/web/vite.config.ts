import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const contracts = fileURLToPath(new URL('../../packages/contracts/src/index.ts', import.meta.url));
const labels = fileURLToPath(new URL('../../packages/contracts/src/labels.ts', import.meta.url));
const communityLabels = fileURLToPath(new URL('../../packages/contracts/src/community-labels.ts', import.meta.url));
const roles = fileURLToPath(new URL('../../packages/contracts/src/roles.ts', import.meta.url));
const personalData = fileURLToPath(new URL('../../packages/contracts/src/personal-data.ts', import.meta.url));
const caseWorkflow = fileURLToPath(new URL('../../packages/contracts/src/case-workflow.ts', import.meta.url));

export default defineConfig({
  base: '/',
  plugins: [react()],
  // The web reads the contracts' source so it never depends on the compiled dist.
  // Runtime values come from the zod-free modules (labels, roles, personal-data); the index is for types only.
  resolve: {
    alias: [
      { find: /^@gongzhi\/contracts\/labels$/, replacement: labels },
      { find: /^@gongzhi\/contracts\/community-labels$/, replacement: communityLabels },
      { find: /^@gongzhi\/contracts\/roles$/, replacement: roles },
      { find: /^@gongzhi\/contracts\/personal-data$/, replacement: personalData },
      { find: /^@gongzhi\/contracts\/case-workflow$/, replacement: caseWorkflow },
      { find: /^@gongzhi\/contracts$/, replacement: contracts },
    ],
  },
  server: {
    // In development the API runs separately (see the brief: PORT=3100).
    proxy: { '/api': process.env.GONGZHI_API ?? 'http://localhost:3100' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is one large library chunk (~390 kB gz with the date pickers) shared by every console page.
    chunkSizeWarningLimit: 1300,
    rolldownOptions: {
      output: {
        // Libraries change less often than our code: separate chunks cache across releases. Groups
        // take their dependencies along, so the React runtime and i18next come first: else the antd
        // group swallowed them and the resident portal, which uses React but not antd, loaded antd.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-i18next|react-is|scheduler|cookie|set-cookie-parser|use-sync-external-store|html-parse-stringify|void-elements)[\\/]/, priority: 40 },
            { name: 'i18n', test: /node_modules[\\/]i18next[\\/]/, priority: 30 },
            { name: 'leaflet', test: /node_modules[\\/]leaflet[\\/]/, priority: 30 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 30 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|rc-[^\\/]+|@rc-component)[\\/]/, priority: 10 },
          ],
        },
      },
      // A lean landing page, the staff console SPA, the resident portal and the big screen (no antd in
      // those two: phones on mobile data, and a wall display with its own small bundle).
      input: {
        landing: fileURLToPath(new URL('./index.html', import.meta.url)),
        admin: fileURLToPath(new URL('./admin/index.html', import.meta.url)),
        portal: fileURLToPath(new URL('./portal/index.html', import.meta.url)),
        screen: fileURLToPath(new URL('./screen/index.html', import.meta.url)),
      },
    },
  },
});
