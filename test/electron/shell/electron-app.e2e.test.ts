import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { METHOD_NAMES } from '../../../shared/api/contract.ts';

/**
 * The real app under Playwright's `_electron`: what only a running Electron can show (the
 * effective web preferences, the contextBridge surface, the navigation and window-open policy).
 * It runs only where an Electron binary exists; everything else about the shell is covered by
 * the unit tests next to this file.
 */

const SKIP_REASON =
  'No Electron binary on this machine (the electron package downloads it lazily and this machine has no internet); ' +
  'set ELECTRON_OVERRIDE_DIST_PATH to run the _electron suite';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Where `require('electron')` would point, worked out the way node_modules/electron/index.js
 * does, but without loading it: that file starts a download when the binary is missing.
 * `problem` is set when someone asked for a binary that is not there (a setup error to report,
 * not a reason to skip).
 */
function findElectron(): { binary: string | null; problem?: string } {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { binary: null };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = path.join(override, executable || 'electron');
    return existsSync(binary) ? { binary } : { binary: null, problem: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${binary} does not exist` };
  }
  if (!executable) return { binary: null };
  const binary = path.join(pkgDir, 'dist', executable);
  return existsSync(binary) ? { binary } : { binary: null };
}

const electron = findElectron();

/** Skips (saying why) when there is no binary; fails when one was asked for and is missing. */
function needsElectron(t: TestContext): boolean {
  if (electron.problem) assert.fail(electron.problem);
  if (!electron.binary) {
    t.skip(SKIP_REASON);
    return false;
  }
  return true;
}

describe('PersistCert under Electron', () => {
  let app: ElectronApplication | undefined;
  let page: Page | undefined;
  let dataDir: string | undefined;

  before(async () => {
    if (!electron.binary) return;
    const mainJs = path.join(repoRoot, 'dist', 'electron', 'main.js');
    assert.ok(existsSync(mainJs), `${mainJs} is missing: build the app (npm run build) before the _electron suite`);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'persistcert-e2e-'));
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
    app = await _electron.launch({
      executablePath: electron.binary,
      args: [repoRoot],
      cwd: repoRoot,
      env: { ...env, PERSISTCERT_DATA_DIR: dataDir },
      timeout: 60_000,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    // Links must not reach a real browser: record what would have been opened instead.
    await app.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as { __opened?: string[] }).__opened = opened;
      shell.openExternal = async (url: string) => {
        opened.push(url);
      };
    });
  });

  after(async () => {
    await app?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const opened = () => app!.evaluate(() => [...((globalThis as { __opened?: string[] }).__opened ?? [])]);

  test('the window runs isolated and sandboxed, without Node', async (t) => {
    if (!needsElectron(t)) return;
    const prefs = await app!.evaluate(({ BrowserWindow }) => {
      // The effective preferences. getLastWebPreferences is real but undocumented, so it is
      // missing from Electron's typings; if it ever goes, this says so rather than passing.
      const contents = BrowserWindow.getAllWindows().at(0)?.webContents as unknown as
        { getLastWebPreferences?: () => Record<string, unknown> | null } | undefined;
      if (typeof contents?.getLastWebPreferences !== 'function') return 'webContents.getLastWebPreferences is gone';
      const p = contents.getLastWebPreferences();
      return (
        p && { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration, webSecurity: p.webSecurity }
      );
    });
    assert.deepEqual(prefs, { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  });

  test('the page is served from app://persistcert', async (t) => {
    if (!needsElectron(t)) return;
    assert.match(page!.url(), /^app:\/\/persistcert\//);
  });

  test('window.persistcert is exactly the contract methods plus on', async (t) => {
    if (!needsElectron(t)) return;
    const keys = await page!.evaluate('Object.keys(window.persistcert).sort()');
    assert.deepEqual(keys, [...METHOD_NAMES, 'on'].sort());
    const types = await page!.evaluate('[...new Set(Object.values(window.persistcert).map((v) => typeof v))]');
    assert.deepEqual(types, ['function']);
  });

  test('a call goes through to the core and back', async (t) => {
    if (!needsElectron(t)) return;
    const info = (await page!.evaluate('window.persistcert.appInfo({})')) as { version?: unknown };
    assert.equal(typeof info.version, 'string');
  });

  test('the page has no require, process or ipcRenderer', async (t) => {
    if (!needsElectron(t)) return;
    assert.deepEqual(await page!.evaluate('[typeof require, typeof process, typeof window.ipcRenderer, typeof window.electron]'), [
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
  });

  test('navigating to the web is blocked and the page stays', async (t) => {
    if (!needsElectron(t)) return;
    const before = page!.url();
    await page!.evaluate('location.href = "https://example.com/"');
    await page!.waitForTimeout(1000);
    assert.equal(page!.url(), before);
    assert.equal(await page!.evaluate('typeof window.persistcert.appInfo'), 'function');
  });

  test('window.open returns null, opens no window, and sends the link to the browser', async (t) => {
    if (!needsElectron(t)) return;
    assert.equal(await page!.evaluate('window.open("https://example.com/docs")'), null);
    await page!.waitForTimeout(500);
    assert.equal(app!.windows().length, 1);
    assert.deepEqual(await opened(), ['https://example.com/docs']);
  });

  test('window.open of a file: URL opens nothing at all', async (t) => {
    if (!needsElectron(t)) return;
    const count = (await opened()).length;
    assert.equal(await page!.evaluate('window.open("file:///etc/passwd")'), null);
    await page!.waitForTimeout(500);
    assert.equal((await opened()).length, count);
  });

  test('responses carry the CSP header', async (t) => {
    if (!needsElectron(t)) return;
    const csp = await page!.evaluate('fetch("app://persistcert/index.html").then((r) => r.headers.get("content-security-policy"))');
    assert.match(String(csp), /default-src 'none'/);
  });
});
