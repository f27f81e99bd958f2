import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { buildTrayMenu, trayIconState, trayTooltip, type TrayAction, type TrayItem, type TrayState } from './tray-menu';

/** Turns the pure menu description into Electron's template, wiring each item's action. */
export function toElectronTemplate(items: TrayItem[], run: (a: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) => {
    if (item.type === 'separator') return { type: 'separator' };
    return {
      label: item.label,
      enabled: item.enabled ?? true,
      ...(item.submenu ? { submenu: toElectronTemplate(item.submenu, run) } : {}),
      ...(item.action ? { click: () => run(item.action!) } : {}),
    };
  });
}

/**
 * The tray icon and menu. The whole menu is rebuilt from state on each change (debounced), which is the
 * only way changes show on Linux, and keeps the menu a pure function of state.
 */
export function setupTray(o: {
  iconDir: string;
  state: () => TrayState;
  run: (a: TrayAction) => void;
  onClick: () => void;
}) {
  const icons = {
    running: nativeImage.createFromPath(join(o.iconDir, 'tray-running.png')),
    idle: nativeImage.createFromPath(join(o.iconDir, 'tray-idle.png')),
  };
  const tray = new Tray(icons.idle);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const rebuild = () => {
    const state = o.state();
    tray.setImage(icons[trayIconState(state.phones)]);
    tray.setToolTip(trayTooltip(state.phones));
    tray.setContextMenu(Menu.buildFromTemplate(toElectronTemplate(buildTrayMenu(state), o.run)));
  };
  // Windows opens the menu on right-click only; a left click shows the window. Linux varies, so the menu has "Show" too.
  tray.on('click', o.onClick);
  rebuild();
  return {
    tray,
    rebuild,
    schedule: () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(rebuild, 250);
    },
  };
}
