import type { phonesChannels } from '../../common/contract/phones';
import type { BulkAction } from '../../common/phone';
import type { StartOptions } from '../../common/start-options';
import type { HandlersFor } from '../kernel/dispatch';
import type { Fleet } from './fleet';
import type { StatusPoller } from './poller';

/** The list and bulk requests (inputs arrive validated by the dispatcher). */
export function createFleetHandlers(s: {
  fleet: Fleet;
  poller: StatusPoller;
  /** The phones whose viewer window is open (the sessions feature knows). */
  openWindows: () => string[];
  /** Plans the action as the window and runs it unless it needs a person (then it is refused): the consent gate. */
  act: (action: BulkAction, keys: readonly string[], options?: StartOptions) => string | null;
}): HandlersFor<typeof phonesChannels> {
  return {
    'phones:snapshot': async ({ offset = 0, limit }) => {
      const { phones, refresh } = s.fleet.snapshot();
      const part = phones.slice(offset, limit === undefined ? undefined : offset + limit);
      return { phones: part, total: phones.length, refresh, openWindows: s.openWindows() };
    },
    'phones:refresh': async () => {
      s.poller.noteFullRefresh();
      return s.fleet.refresh();
    },
    'phones:details': async ({ key }) => ({ facts: s.fleet.factsOf(key) }),
    'phones:visible': async ({ keys }) => {
      s.poller.setVisible(keys);
      return null;
    },
    'bulk:run': async ({ action, keys, options }) => ({ jobId: s.act(action, keys, options) }),
    'bulk:list': async () => s.fleet.jobHistory(),
    'bulk:get': async ({ jobId }) => {
      const job = s.fleet.getJob(jobId);
      return job ? { job: job.state, results: job.results } : null;
    },
  };
}
