import { randomUUID } from 'node:crypto';
import type { App } from 'electron';
import type { Settings } from '../../shared/api/views.ts';
import { trayModel } from '../core/renewal/tray-model.ts';
import { applyLaunchAtLogin, launchAtLoginEnabled } from './login-item.ts';
import { createTrayController, type TrayControllerDeps } from './tray.ts';

/** What the tray needs from the core (AppService's methods, so the tray and the UI say the same). */
export interface TrayCore {
  renewalOverview(): Promise<{ paused: boolean; running: boolean; items: Parameters<typeof trayModel>[0]['views'] }>;
  /** A whole run, awaited; its outcomes reach the UI and the notices as events. */
  renewAndWait(p: { runId: string; force: boolean }): Promise<void>;
  patchSettings(change: Partial<Settings>): Promise<Settings>;
}

/**
 * The tray icon, tooltip and menu kept in step with renewal: refreshed on every renewal event
 * and once a minute (so "due in 5 min" stays true). Menu actions go through the same core
 * methods as the UI; launch at login is read back from the OS, which the user can change too.
 */
export function startTray<Image, MenuT>(deps: {
  app: Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>;
  core: TrayCore;
  createTray: TrayControllerDeps<Image, MenuT>['createTray'];
  buildMenu: TrayControllerDeps<Image, MenuT>['buildMenu'];
  images: TrayControllerDeps<Image, MenuT>['images'];
  open(): void;
  quit(): void;
  log(message: string): void;
  loginItemOptions?: Parameters<typeof applyLaunchAtLogin>[3];
}): { refresh(): void; destroy(): void } {
  const { core } = deps;
  const updateSettings = async (change: Partial<Settings>) => {
    // A patch, applied in one locked step: a Settings page saving at the same moment keeps its part.
    await core.patchSettings(change);
    refresh();
  };
  const controller = createTrayController({
    createTray: deps.createTray,
    buildMenu: deps.buildMenu,
    images: deps.images,
    onError: (err) => deps.log(`tray: ${(err as Error).message}`),
    actions: {
      open: deps.open,
      renewAll: () => void core.renewAndWait({ runId: `tray-${randomUUID()}`, force: false }).finally(refresh),
      setPaused: (paused) => void updateSettings({ renewalsPaused: paused }),
      setLaunchAtLogin: (on) =>
        void applyLaunchAtLogin(deps.app, on, process.platform, deps.loginItemOptions).then(() => updateSettings({ launchAtLogin: on })),
      quit: deps.quit,
    },
  });
  let refreshing = false;
  function refresh(): void {
    if (refreshing) return;
    refreshing = true;
    void (async () => {
      const [overview, launchAtLogin] = await Promise.all([
        core.renewalOverview(),
        launchAtLoginEnabled(deps.app, process.platform, deps.loginItemOptions),
      ]);
      controller.update(
        trayModel({ views: overview.items, paused: overview.paused, running: overview.running, launchAtLogin, now: new Date() }),
      );
    })()
      .catch((err: Error) => deps.log(`tray: ${err.message}`))
      .finally(() => (refreshing = false));
  }
  const minute = setInterval(refresh, 60_000);
  refresh();
  return {
    refresh,
    destroy() {
      clearInterval(minute);
      controller.destroy();
    },
  };
}
