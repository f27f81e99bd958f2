import type { Phone } from '../../common/phone';
import type { StartOptions } from '../../common/start-options';
import { centerIn, fitInto, phoneContentSize, type Rect } from './geometry';

/** Every phone viewer shares one persistent partition, apart from the app's own session. */
export const PHONE_PARTITION = 'persist:phones';

export interface PhoneWindowSpec {
  key: string;
  title: string;
  bounds: Rect;
  url: string;
  viewerOrigin: string;
  /** Options for BrowserWindow; kept as plain data so they can be tested without Electron. */
  options: {
    x: number;
    y: number;
    width: number;
    height: number;
    useContentSize: true;
    title: string;
    show: boolean;
    backgroundColor: string;
    autoHideMenuBar: true;
    webPreferences: {
      partition: string;
      sandbox: true;
      contextIsolation: true;
      nodeIntegration: false;
      nodeIntegrationInSubFrames: false;
      webSecurity: true;
      allowRunningInsecureContent: false;
      webviewTag: false;
      spellcheck: false;
    };
  };
}

/**
 * The window for one phone: sized from the start options unless the user moved or resized it before,
 * titled with the phone's name, locked down, and with no preload (the viewer is remote content).
 */
export function phoneWindowSpec(args: {
  phone: Phone;
  url: string;
  options: StartOptions;
  remembered?: Rect;
  placed?: Rect;
  workArea: Rect;
}): PhoneWindowSpec {
  const size = phoneContentSize(args.options);
  const bounds = args.remembered
    ? fitInto(args.remembered, args.workArea)
    : (args.placed ?? centerIn(size, args.workArea));
  const title = `${args.phone.name} — Phonedeck`;
  return {
    key: args.phone.key,
    title,
    bounds,
    url: args.url,
    viewerOrigin: new URL(args.url).origin,
    options: {
      ...bounds,
      useContentSize: true,
      title,
      show: true,
      backgroundColor: '#111111',
      autoHideMenuBar: true,
      webPreferences: {
        partition: PHONE_PARTITION,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
      },
    },
  };
}
