import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { TrayIconState, TrayMenuItem, TrayModel } from '../core/renewal/tray-model.ts';

/**
 * The tray icon: maps a TrayModel (electron/core/renewal/tray-model.ts) onto Electron's Tray and
 * Menu, and menu clicks onto actions. Structural types, so tests drive it with fakes.
 */

export interface TrayLike<Image, MenuT> {
  setImage(image: Image): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: MenuT | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** The subset of MenuItemConstructorOptions the tray menu uses. */
export interface TrayMenuTemplateItem {
  id?: string;
  label?: string;
  type?: 'normal' | 'checkbox' | 'separator';
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
}

export interface TrayActions {
  open(): void;
  renewAll(): void;
  setPaused(paused: boolean): void;
  setLaunchAtLogin(on: boolean): void;
  quit(): void;
}

export interface TrayControllerDeps<Image, MenuT> {
  /** `(image) => new Tray(image)`; called at the first update, with that model's icon. */
  createTray(image: Image): TrayLike<Image, MenuT>;
  /** `(template) => Menu.buildFromTemplate(template)` */
  buildMenu(template: TrayMenuTemplateItem[]): MenuT;
  images: Record<TrayIconState, Image>;
  actions: TrayActions;
  /** Where an action's failure goes (an action may be async; its rejection must not go unhandled). */
  onError?: (error: unknown) => void;
}

export interface TrayController {
  update(model: TrayModel): void;
  destroy(): void;
}

export function createTrayController<Image, MenuT>(deps: TrayControllerDeps<Image, MenuT>): TrayController {
  let tray: TrayLike<Image, MenuT> | undefined;
  let destroyed = false;
  let shownIcon: TrayIconState | undefined;
  let shownTooltip: string | undefined;
  let shownMenu: string | undefined;

  const run = (action: () => unknown): void => {
    try {
      const result = action();
      if (result instanceof Promise) result.catch((err: unknown) => deps.onError?.(err));
    } catch (err) {
      deps.onError?.(err);
    }
  };

  const clickFor = (item: TrayMenuItem): (() => void) | undefined => {
    const { actions } = deps;
    switch (item.id) {
      case 'open':
        return () => run(() => actions.open());
      case 'renew-all':
        return () => run(() => actions.renewAll());
      case 'pause':
        return () => run(() => actions.setPaused(true));
      case 'resume':
        return () => run(() => actions.setPaused(false));
      // The model's state, not the menu item's: Electron flips a checkbox before calling click.
      case 'launch-at-login':
        return () => run(() => actions.setLaunchAtLogin(!item.checked));
      case 'quit':
        return () => run(() => actions.quit());
      case 'status':
      case 'separator':
        return undefined;
    }
  };

  const template = (menu: TrayMenuItem[]): TrayMenuTemplateItem[] =>
    menu.map((item) => {
      if (item.type === 'separator') return { type: 'separator' };
      const click = clickFor(item);
      return {
        id: item.id,
        label: item.label,
        type: item.type ?? 'normal',
        enabled: item.enabled,
        ...(item.type === 'checkbox' ? { checked: item.checked === true } : {}),
        ...(click ? { click } : {}),
      };
    });

  return {
    update(model) {
      if (destroyed) return;
      if (!tray) {
        tray = deps.createTray(deps.images[model.icon]);
        shownIcon = model.icon;
        // Windows and macOS open the window on a click; many Linux trays only ever show the menu.
        tray.on('click', () => run(() => deps.actions.open()));
      } else if (model.icon !== shownIcon) {
        tray.setImage(deps.images[model.icon]);
        shownIcon = model.icon;
      }
      if (model.tooltip !== shownTooltip) {
        tray.setToolTip(model.tooltip);
        shownTooltip = model.tooltip;
      }
      // Rebuilt only when it changed: on Linux a new menu replaces the one the user may have open.
      const menuKey = JSON.stringify(model.menu);
      if (menuKey !== shownMenu) {
        tray.setContextMenu(deps.buildMenu(template(model.menu)));
        shownMenu = menuKey;
      }
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      tray?.destroy();
      tray = undefined;
    },
  };
}

// Compile-time proof that Electron's Tray, Menu and menu template fit the structural types above.
type Assert<T extends true> = T;
export type _ElectronFitsTray = Assert<
  Tray extends TrayLike<NativeImage, Menu> ? (TrayMenuTemplateItem extends MenuItemConstructorOptions ? true : false) : false
>;
