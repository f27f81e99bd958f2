import { dialog, type BrowserWindow } from 'electron';
import { t } from '../../common/i18n/i18n';

/**
 * The OS's own file dialog, shown by main over the window: the only way a file from this computer reaches
 * an install or a push started in the window (the window never names a path itself).
 */
export async function chooseFileWithDialog(
  parent: BrowserWindow | null,
  kind: 'app' | 'file',
  title: string,
): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title,
    properties: ['openFile'],
    filters:
      kind === 'app'
        ? [{ name: t('files.filterApp'), extensions: ['apk', 'xapk'] }]
        : [
            {
              name: t('files.filterMedia'),
              extensions: ['png', 'jpg', 'jpeg', 'gif', 'webp', 'mp4', 'webm', 'xml', 'apk', 'xapk'],
            },
            { name: t('files.filterAll'), extensions: ['*'] },
          ],
  };
  const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return r.canceled || !r.filePaths[0] ? null : r.filePaths[0];
}
