import type { consentChannels } from '../../common/contract/consent';
import type { FileWhatInput } from '../../common/contract/files';
import type { FileWhat } from '../../common/files';
import { t } from '../../common/i18n/i18n';
import { isFileAction, type FileAction } from '../../common/phone';
import type { StartOptions } from '../../common/start-options';
import type { HandlersFor } from '../kernel/dispatch';
import { ProviderError } from '../kernel/errors';
import type { ConsentGate } from './consent-gate';

/** The window plans, shows the plan when it needs a person (or spares kept phones), then runs exactly it. */
export function createConsentHandlers(s: {
  gate: ConsentGate;
  defaultStartOptions: () => StartOptions;
  /** What a file or app plan acts with, checked before it is planned (the files feature resolves picks). */
  fileWhat: (action: FileAction, input: FileWhatInput) => Promise<{ what: FileWhat; subject: string }>;
}): HandlersFor<typeof consentChannels> {
  return {
    'consent:plan': async ({ action, keys, includeKept, fromLink, what }) => {
      if (!isFileAction(action) || !what)
        return s.gate.plan({ source: fromLink ? 'link' : 'window', action, keys, includeKept });
      // A link filters, selects and opens; it never puts files or apps on phones.
      if (fromLink) throw new ProviderError('BAD_REQUEST', t('consent.linkNoFiles'));
      const given = await s.fileWhat(action, what);
      return s.gate.plan({ source: 'window', action, keys, what: given.what, subject: given.subject });
    },
    'consent:run': async ({ planId, confirmed, options, open }) => {
      const plan = s.gate.take(planId);
      if (open) return { jobId: null, opened: await s.gate.executeByOpening(plan, confirmed) };
      return { jobId: s.gate.execute(plan, confirmed, options ?? s.defaultStartOptions()) };
    },
  };
}
