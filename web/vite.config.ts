/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { VitePWA } from 'vite-plugin-pwa';
import { PRECACHE_IGNORES } from './src/lib/offline/cacheRules';

// The dev server proxies the API to a locally running `codestead serve` so cookies stay
// same-origin, exactly as when the binary serves the built app.
const apiTarget = process.env.CODESTEAD_API ?? 'http://127.0.0.1:8080';

// Monaco's chunks and files get a `monaco-` prefix, so the service worker's precache can leave
// them out by name (PRECACHE_IGNORES) and keep them only once an editor page has fetched them.
const isMonaco = (id: string) => /(^|[\\/])node_modules[\\/](monaco-editor|@monaco-editor)[\\/]/.test(id);
// Monaco's styles come out as the CSS of the editor wrapper's chunk and of Monaco's `editor.api` chunk.
const MONACO_CSS = ['CodeEditor.css', 'editor.css'];
const isMonacoAsset = (asset: { names: string[]; originalFileNames: string[] }) =>
  asset.originalFileNames.some(isMonaco) || (asset.names.length > 0 && asset.names.every((n) => MONACO_CSS.includes(n)));

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    // The service worker (src/sw.ts, docs/offline.md): the app shell precached at install, curriculum
    // responses and Monaco kept at runtime. It is registered by src/lib/offline/register.ts after the
    // page has loaded, never from index.html, so the first page's JavaScript does not grow.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      injectManifest: {
        // A classic (not module) worker: every browser that has service workers runs it.
        rollupFormat: 'iife',
        globPatterns: ['**/*.{js,css,html,svg,ico,woff2}'],
        globIgnores: PRECACHE_IGNORES,
        // The largest app chunk (charts) is about 430 kB; anything far bigger is a mistake to precache.
        maximumFileSizeToCacheInBytes: 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': apiTarget,
      '/readyz': apiTarget,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Monaco's own chunk is large by nature; it is loaded only on the playground.
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      output: {
        chunkFileNames: (chunk) => (chunk.moduleIds.some(isMonaco) ? 'assets/monaco-[name]-[hash].js' : 'assets/[name]-[hash].js'),
        assetFileNames: (asset) => (isMonacoAsset(asset) ? 'assets/monaco-[name]-[hash][extname]' : 'assets/[name]-[hash][extname]'),
      },
    },
  },
  worker: { format: 'es' },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    reporters: ['default', './scripts/vitest-summary.ts'],
  },
});
