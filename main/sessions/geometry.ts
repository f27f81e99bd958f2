export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export { phoneContentSize, viewerWidthFor, viewerWidthForArea, fittedToArea } from '../../common/phone-window-size';

/** Keeps a remembered window on screen: a monitor may have been unplugged since. */
export function fitInto(r: Rect, area: Rect): Rect {
  const width = Math.min(r.width, area.width);
  const height = Math.min(r.height, area.height);
  const x = Math.min(Math.max(r.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(r.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

/**
 * Places `count` windows of one size in a grid on the work area, left to right, top to bottom. When they
 * do not all fit, the grid cascades onto further layers offset by 32 px so no window is fully hidden.
 */
export function tileGrid(count: number, size: { width: number; height: number }, area: Rect, gap = 8): Rect[] {
  const cols = Math.max(1, Math.floor((area.width + gap) / (size.width + gap)));
  const rows = Math.max(1, Math.floor((area.height + gap) / (size.height + gap)));
  const perLayer = cols * rows;
  return Array.from({ length: count }, (_, i) => {
    const layer = Math.floor(i / perLayer);
    const slot = i % perLayer;
    const offset = (layer * 32) % Math.max(1, Math.min(area.width, area.height) / 2);
    return fitInto(
      {
        x: area.x + (slot % cols) * (size.width + gap) + offset,
        y: area.y + Math.floor(slot / cols) * (size.height + gap) + offset,
        width: size.width,
        height: size.height,
      },
      area,
    );
  });
}

export function centerIn(size: { width: number; height: number }, area: Rect): Rect {
  return fitInto(
    {
      x: area.x + Math.round((area.width - size.width) / 2),
      y: area.y + Math.round((area.height - size.height) / 2),
      ...size,
    },
    area,
  );
}
