import { lstatSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { CredentialsSchema } from '../../common/contract/accounts';

/**
 * `phonedeck serve`'s configuration: the team database and the provider credentials this node holds. It is
 * a file only its user can read: a symlink, another owner, or any group/other permission is refused before
 * a byte is read, since it holds keys in clear (they are never put in the database).
 */
export const ServeConfigSchema = z
  .object({
    database: z.string().url(),
    node: z.string().min(1).max(80).optional(),
    accounts: z
      .array(
        z
          .object({
            // Optional: without it the account's team id is derived from its key, as desktops derive it.
            id: z
              .string()
              .regex(/^[A-Za-z0-9_-]{1,40}$/)
              .optional(),
            label: z.string().min(1).max(80).optional(),
            credentials: CredentialsSchema,
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type ServeConfig = z.infer<typeof ServeConfigSchema>;

export function readServeConfig(file: string, uid = process.getuid?.()): ServeConfig {
  const st = lstatSync(file);
  if (st.isSymbolicLink()) throw new Error(`${file} is a symbolic link: point to the file itself`);
  if (!st.isFile()) throw new Error(`${file} is not a file`);
  if (uid !== undefined && st.uid !== uid) throw new Error(`${file} belongs to another user (uid ${st.uid})`);
  if (st.mode & 0o077)
    throw new Error(`${file} can be read by others (mode ${(st.mode & 0o777).toString(8)}): chmod 600 ${file}`);
  const parsed = ServeConfigSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
