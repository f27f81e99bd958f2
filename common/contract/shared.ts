import { z } from 'zod';
import { isBuiltInName } from '../own';

/** Declares a request/response channel: the input schema, then the output type as a phantom. */
export function channel<I extends z.ZodType>(input: I) {
  return { returns: <O>() => ({ input, output: undefined as unknown as O }) };
}
export const none = z.object({}).strict();
export const MAX_KEYS = 20_000;
/** `${accountId}/${phoneId}`; bounded so hostile payloads cannot make main allocate much. */
export const PhoneKeySchema = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+\/[A-Za-z0-9_.:-]+$/, 'not a phone key');
export const AccountIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not an account id')
  .refine((id) => !isBuiltInName(id), 'not an account id');
