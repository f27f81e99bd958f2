import { z } from 'zod';
import type { PickedFile } from '../files';
import { channel } from './shared';

export type { PickedFile } from '../files';

/** Files and apps from the window (main/files): the file comes from main's own dialog, never a typed path. */
export const filesChannels = {
  /** Shows the OS file dialog; the chosen file as an id, a name and a size, or null when cancelled. */
  'files:pick': channel(z.object({ kind: z.enum(['app', 'file']) }).strict()).returns<PickedFile | null>(),
} as const;

/** What a file or app plan acts with, as the window gives it: a picked file, an OBS path, an app's URL, a package. */
export const FileWhatSchema = z.union([
  z.object({ pickId: z.string().regex(/^pick_[0-9a-f]{16}$/, 'not a picked file') }).strict(),
  z.object({ obs: z.string().regex(/^obs:\/\/\S{3,1000}$/, 'an OBS path such as obs://bucket/path') }).strict(),
  z.object({ url: z.string().url().max(2_000) }).strict(),
  z.object({ package: z.string().regex(/^[A-Za-z][\w.]{0,199}$/, 'a package name such as com.example.app') }).strict(),
]);
export type FileWhatInput = z.infer<typeof FileWhatSchema>;
