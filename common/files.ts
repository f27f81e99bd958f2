import type { FileAction } from './phone';

/** Actions that name a package already on the phones rather than something to send. */
export const takesPackage = (action: FileAction): boolean =>
  action === 'uninstall' || action === 'appStart' || action === 'appStop';

/**
 * What a file or app action acts with: a file on this computer (GeeLark uploads it), an object in OBS (CPH
 * reads it), a public https URL of an app (GeeLark fetches it), or a package already on the phones. A file
 * the window picked reaches main as main's own record of the pick, never as a path the window wrote.
 */
export type FileWhat =
  | { kind: 'file'; path: string }
  | { kind: 'obs'; path: string }
  | { kind: 'url'; url: string }
  | { kind: 'package'; name: string };

/** A file a person chose in main's file dialog, as the window knows it: an id to act with, a name and a size. */
export interface PickedFile {
  pickId: string;
  name: string;
  size: number;
}

/** How a plan, a job and the record name it to a person: the file's name (never its folders), the OBS path, the URL, the package. */
export function subjectOf(what: FileWhat): string {
  switch (what.kind) {
    case 'file':
      return what.path.split(/[\\/]/).pop() ?? what.path;
    case 'obs':
      return what.path;
    case 'url':
      return what.url;
    case 'package':
      return what.name;
  }
}
