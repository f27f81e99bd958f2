import type { Phone } from './phone';

/**
 * Whether a phone shows an accepted action took effect: running after a start, an open, a restart or a reset; stopped
 * (or expired) after a stop; gone after a delete; for files and apps, the accepted answer itself. The activity record's "confirmed" and the CLI's --wait
 * both ask this.
 */
export function reachedTarget(action: string, phone: Phone | undefined): boolean {
  switch (action) {
    case 'start':
    case 'open':
    case 'restart':
    case 'reset':
      return phone?.status === 'running';
    case 'stop':
      return phone?.status === 'stopped' || phone?.status === 'expired';
    case 'delete':
    case 'stopThenDelete':
      return phone === undefined;
    // Files and apps change nothing the list shows: the provider's answer, followed to its end, is the proof.
    case 'push':
    case 'install':
    case 'uninstall':
    case 'appStart':
    case 'appStop':
      return true;
    default:
      return false;
  }
}
