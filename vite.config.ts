import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import { CHROME_DIST } from './scripts/dist-dir.ts';

export default defineConfig({
  plugins: [preact(), crx({ manifest })],
  build: {
    outDir: CHROME_DIST,
    emptyOutDir: true,
    // Store reviewers read the code; no minified names needed for a few kilobytes.
    sourcemap: false,
    target: 'es2022',
  },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
