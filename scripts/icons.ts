/** Draws every toolbar and store icon from the one SVG below, rendered by Chromium: `npm run icons`. */
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { findChromium, INSTALL_HINT } from './browser-path.ts';

export const ICON_STATES = {
  normal: '#0b57d0',
  retrying: '#b06000',
  'gave-up': '#5f6368',
} as const;

function svg(color: string, state: keyof typeof ICON_STATES): string {
  // A circular arrow (the retry) around a dot (the page); gave-up gets a bar instead of the arrow head.
  const head =
    state === 'gave-up'
      ? '<rect x="84" y="20" width="16" height="36" rx="4" fill="#fff"/>'
      : '<path d="M78 14 L114 30 L84 56 Z" fill="#fff"/>';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128">
  <rect width="128" height="128" rx="28" fill="${color}"/>
  <path d="M98 72 A36 36 0 1 1 90 38" fill="none" stroke="#fff" stroke-width="16" stroke-linecap="round"/>
  ${head}
  <circle cx="62" cy="70" r="11" fill="#fff"/>
</svg>`;
}

const executablePath = findChromium();
if (!executablePath) {
  console.error(`No Chromium found. ${INSTALL_HINT}`);
  process.exit(1);
}
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const [state, color] of Object.entries(ICON_STATES) as [keyof typeof ICON_STATES, string][]) {
  const sizes = state === 'normal' ? [16, 32, 48, 128] : [16, 32];
  for (const size of sizes) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<body style="margin:0;background:transparent">${svg(color, state).replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`,
    );
    const name = state === 'normal' ? `icon-${size}.png` : `icon-${state}-${size}.png`;
    writeFileSync(`public/icons/${name}`, await page.screenshot({ omitBackground: true }));
  }
}
await browser.close();
console.log('icons written to public/icons/');
