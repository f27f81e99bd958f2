import type { Bridge } from '../../../common/contract';
import { createHttpBridge } from './http-bridge';

declare global {
  interface Window {
    /** Set by the preload in Electron; absent in a plain browser. */
    phonedeck?: Bridge;
  }
}

/** Electron's preload bridge when present; otherwise the HTTP bridge to the page's own origin (browser tests, demos). */
export function getBridge(): Bridge {
  if (window.phonedeck) return window.phonedeck;
  if (location.protocol === 'http:' || location.protocol === 'https:') return createHttpBridge(location.origin);
  throw new Error('Phonedeck bridge is missing');
}
