import { describe, expect, it } from 'vitest';
import { reconcilePhone } from '../../main/team/reconcile';

describe('a new leader finishing a dead leader’s job reads before it acts (#24.3)', () => {
  it('never sends a start, delete, restart or reset twice; sends a stop again only to a phone still running', () => {
    expect(reconcilePhone('stop', 'stopped')).toEqual({ kind: 'confirmed' });
    expect(reconcilePhone('stop', 'stopping')).toEqual({ kind: 'confirmed' });
    expect(reconcilePhone('stop', 'running')).toEqual({ kind: 'resend' });
    expect(reconcilePhone('start', 'running')).toEqual({ kind: 'confirmed' });
    expect(reconcilePhone('start', 'stopped')).toEqual({ kind: 'unconfirmed' });
    expect(reconcilePhone('start', 'starting')).toEqual({ kind: 'unconfirmed' });
    expect(reconcilePhone('delete', 'gone')).toEqual({ kind: 'confirmed' });
    expect(reconcilePhone('delete', 'stopped')).toEqual({ kind: 'unconfirmed' });
    for (const action of ['restart', 'reset'])
      for (const status of ['stopped', 'starting', 'fault'] as const)
        expect(reconcilePhone(action, status).kind).not.toBe('resend');
  });
});
