import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

export default defineConfig({
  plugins: [preact(), crx({ manifest })],
  build: {
    outDir: 'dist/chrome',
    emptyOutDir: true,
    // Store reviewers read the code; no minified names needed for a few kilobytes.
    sourcemap: false,
    target: 'es2022',
  },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
