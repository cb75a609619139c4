import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DASHBOARD_CSS } from './dashboard-styles.js';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** A file the dashboard serves under `/dashboard/assets/<name>`. */
interface DashboardAsset {
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
}

export interface DashboardAssets {
  /** The asset, read once and kept in memory; undefined for a name that is not one of ours. */
  get(name: string): Promise<DashboardAsset | undefined>;
}

/** The `dist` directory of the installed `uplot` package (no CDN: the files are served from here). */
function uplotDist(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve('uplot/package.json')), 'dist');
  } catch (cause) {
    throw new Error('@scanrelay/api: uplot is not installed; the dashboard serves its files', { cause });
  }
}

/**
 * Where the scan pages' client scripts are: `scan-pages/assets/` beside this module in the source
 * tree, `dashboard-assets/` beside the bundle in `dist` (the build copies them there).
 */
const SCRIPT_DIRS = ['./scan-pages/assets/', './dashboard-assets/'].map((dir) =>
  fileURLToPath(new URL(dir, import.meta.url)),
);
/** What a client script may be called: lower-case kebab, `.js`. */
const SCRIPT_NAME = /^[a-z0-9][a-z0-9.-]{0,80}\.js$/;

/** The client scripts of the scan pages, by file name (the first directory that exists). */
async function scanPageScripts(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const dir of SCRIPT_DIRS) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) if (SCRIPT_NAME.test(name)) files.set(name, path.join(dir, name));
    return files;
  }
  return files;
}

/**
 * The dashboard's static files: `dashboard.css` (ours), `uplot.min.js` and `uPlot.min.css` from the
 * `uplot` package, and the scan pages' client scripts, each under its own file name.
 */
export function createDashboardAssets(): DashboardAssets {
  const uplot = uplotDist();
  const cache = new Map<string, Promise<DashboardAsset | undefined>>();
  const scripts = scanPageScripts();
  const load = async (name: string): Promise<DashboardAsset | undefined> => {
    if (name === 'dashboard.css') return { contentType: CSS, body: new TextEncoder().encode(DASHBOARD_CSS) };
    if (name === 'uplot.min.js')
      return { contentType: JS, body: new Uint8Array(await readFile(path.join(uplot, 'uPlot.iife.min.js'))) };
    if (name === 'uPlot.min.css')
      return { contentType: CSS, body: new Uint8Array(await readFile(path.join(uplot, 'uPlot.min.css'))) };
    const file = (await scripts).get(name);
    return file === undefined ? undefined : { contentType: JS, body: new Uint8Array(await readFile(file)) };
  };
  return {
    get(name) {
      let asset = cache.get(name);
      if (!asset) {
        asset = load(name);
        // Neither a failed read nor an unknown name is kept: the cache holds only our files.
        asset.then((a) => a ?? cache.delete(name)).catch(() => cache.delete(name));
        cache.set(name, asset);
      }
      return asset;
    },
  };
}
