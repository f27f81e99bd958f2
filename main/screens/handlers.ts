import type { screensChannels } from '../../common/contract/screens';
import type { HandlersFor } from '../kernel/dispatch';
import type { Screens } from './screens';

/** The wall asks for the screens in view and reads its tiles. */
export function createScreensHandlers(s: { screens: Screens }): HandlersFor<typeof screensChannels> {
  return {
    'screens:refresh': async ({ keys }) => s.screens.refresh(keys),
    'screens:tiles': async ({ keys }) => s.screens.tiles(keys),
  };
}
