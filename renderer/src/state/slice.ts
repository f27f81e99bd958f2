import type { Bridge, InvokeChannel, InvokeInput, InvokeOutput } from '../../../common/contract';

/**
 * What each domain file of the store is given: the Bridge, zustand's set/get typed with only the parts of
 * the state that domain reads or writes (its own, plus the few others it names, so the domain files form
 * no cycle), and `call`, which turns a failed request into a notice instead of a silent rejection.
 */
export interface SliceContext<S> {
  bridge: Bridge;
  set(partial: Partial<S>): void;
  get(): S;
  call<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<InvokeOutput<C> | undefined>;
}
