import type { StartOptions } from './start-options';

/** GeeLark's viewer draws the phone at `width` px with a 9:16 screen, a status strip, and a 48 px toolbar. */
const ASPECT = 16 / 9;
const SIDEBAR_PX = 48;
const HEADER_PX = 28;
/** The window's own title bar and border, outside the content size (room kept for the tallest common frame). */
const FRAME_PX = 40;
const MIN_WIDTH = 200;
const MAX_WIDTH = 600;

const clampWidth = (w: number) => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.round(w)));

/** The window's content size for a viewer width: the phone at 9:16 under its status strip, and the sidebar. */
export function phoneContentSize(o: StartOptions): { width: number; height: number } {
  const width = clampWidth(o.width);
  return { width: width + (o.hideSideBar ? 0 : SIDEBAR_PX), height: Math.round(width * ASPECT) + HEADER_PX };
}

/** The viewer width that fills a window the user resized: the inverse of phoneContentSize, clamped to 200–600. */
export function viewerWidthFor(windowContentWidth: number, o: StartOptions): number {
  return clampWidth(windowContentWidth - (o.hideSideBar ? 0 : SIDEBAR_PX));
}

/**
 * The viewer width whose whole window fits a display's work area, keeping the phone's 9:16: on a 1080p
 * screen 600 px would make a 1,095 px tall window whose bottom is cut, so the width shrinks until the
 * height fits (never below the viewer's 200 px minimum).
 */
export function viewerWidthForArea(o: StartOptions, area: { width: number; height: number }): number {
  const byHeight = Math.floor((area.height - FRAME_PX - HEADER_PX) / ASPECT);
  const byWidth = area.width - (o.hideSideBar ? 0 : SIDEBAR_PX);
  return clampWidth(Math.min(o.width, byHeight, byWidth));
}

/** Start options whose viewer fits the work area (the width a start call asks for is the one the window shows). */
export function fittedToArea(o: StartOptions, area: { width: number; height: number }): StartOptions {
  const width = viewerWidthForArea(o, area);
  return width === o.width ? o : { ...o, width };
}
