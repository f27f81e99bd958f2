import { z } from 'zod';

/** GeeLark start display options (the seed page): width 200–600, default 336; center defaults to on. */
export const StartOptionsSchema = z
  .object({
    width: z.number().int().min(200).max(600),
    hideSideBar: z.boolean(),
    displayTimer: z.boolean(),
    center: z.boolean(),
    hideLibrary: z.boolean(),
    hideMirror: z.boolean(),
  })
  .strict();
export type StartOptions = z.infer<typeof StartOptionsSchema>;

export const DEFAULT_START_OPTIONS: StartOptions = {
  width: 336,
  hideSideBar: false,
  displayTimer: false,
  center: true,
  hideLibrary: false,
  hideMirror: false,
};
