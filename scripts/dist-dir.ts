/** Where builds go: `dist/` unless GR_DIST says otherwise (parallel work builds into separate folders). */
export const DIST = process.env.GR_DIST ?? 'dist';
export const CHROME_DIST = `${DIST}/chrome`;
export const FIREFOX_DIST = `${DIST}/firefox`;
