import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Everything is bundled locally: no CDN. Monaco and ECharts are loaded lazily through React.lazy;
// no manual chunks (grouping Monaco into a vendor chunk made Vite preload it eagerly, STACK.md §3).
export default defineConfig({
  plugins: [react()],
  base: './',
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 5000,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
