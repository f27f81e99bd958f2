import type { controlChannels } from '../../common/contract/control';
import { t } from '../../common/i18n/i18n';
import type { HandlersFor } from '../kernel/dispatch';
import { ProviderError } from '../kernel/errors';
import type { ControlService } from './control-service';

/** The person's answers to CLI/MCP requests held for approval. */
export function createControlHandlers(s: {
  control: Pick<ControlService, 'decide' | 'approvals'>;
}): HandlersFor<typeof controlChannels> {
  return {
    'control:decide': async ({ id, approve, always }) => {
      if (!s.control.decide(id, approve, always)) throw new ProviderError('NOT_FOUND', t('err.requestGone'));
      return s.control.approvals();
    },
    'control:pending': async () => s.control.approvals(),
  };
}
