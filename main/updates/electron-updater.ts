import { app } from 'electron';
import electronUpdater from 'electron-updater';

/**
 * electron-updater's updater for the installed app (its feed is electron-builder's `publish` config).
 * PHONEDECK_UPDATE_FEED points an unpackaged build at a test feed; otherwise development runs never check.
 * `beforeInstall` runs when the person chose "Restart now": a quit that comes straight back is not one to ask about.
 */
export function updaterForThisBuild(beforeInstall: () => void) {
  const feed = process.env.PHONEDECK_UPDATE_FEED;
  if (!app.isPackaged && !feed) return undefined;
  const { autoUpdater } = electronUpdater;
  if (feed) {
    autoUpdater.forceDevUpdateConfig = true;
    autoUpdater.setFeedURL({ provider: 'generic', url: feed });
  }
  const install = autoUpdater.quitAndInstall.bind(autoUpdater);
  autoUpdater.quitAndInstall = (...args: Parameters<typeof install>) => {
    beforeInstall();
    install(...args);
  };
  return autoUpdater;
}
