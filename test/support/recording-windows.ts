import type { Rect } from '../../main/sessions/geometry';
import type { PhoneWindowSpec } from '../../main/sessions/phone-window-spec';
import type { PhoneWindowHandle, WindowFactory } from '../../main/sessions/sessions';

export interface RecordedWindow {
  spec: PhoneWindowSpec;
  focused: number;
  closed: boolean;
  /** Simulates the user moving or resizing the window. */
  move(bounds: Rect): void;
}

/** A window factory that records what would have been opened, for tests and the browser host. */
export function recordingWindows(area: Rect = { x: 0, y: 0, width: 1920, height: 1040 }) {
  const windows: RecordedWindow[] = [];
  const factory: WindowFactory = {
    workArea: () => area,
    open(spec): PhoneWindowHandle {
      const closed: (() => void)[] = [];
      const moved: ((b: Rect) => void)[] = [];
      const w: RecordedWindow = { spec, focused: 0, closed: false, move: (b) => moved.forEach((l) => l(b)) };
      windows.push(w);
      return {
        focus: () => void w.focused++,
        close: () => {
          if (w.closed) return;
          w.closed = true;
          setTimeout(() => closed.forEach((l) => l()), 5);
        },
        onClosed: (l) => closed.push(l),
        onBoundsChanged: (l) => moved.push(l),
      };
    },
  };
  return { factory, windows };
}
