/**
 * What `phones/commands` takes, as the CPH API reference documents it: `install` / `install-multiple` an APK
 * (or the splits of one app) from an OBS path (`-t -r obs://bucket/path.apk`), `uninstall` a package, `push`
 * a `.tar` from OBS (extracted into the phone's root), and `shell` with at most 1,024 bytes of
 * `[A-Za-z0-9_./:-]` and spaces (no quotes, pipes, `;`, `>` or `=`). The answer is the reason a content is
 * refused, or null.
 */
const OBS = /^obs:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[^\s"'|;<>`$]+$/;
const FLAGS = /^(-[a-z])$/;

export function commandRefusal(command: unknown, content: unknown): string | null {
  if (typeof content !== 'string' || !content.trim()) return 'Parameter: content is empty.';
  const words = content.trim().split(/\s+/);
  switch (command) {
    case 'install':
    case 'install-multiple': {
      const paths = words.filter((w) => !FLAGS.test(w));
      if (!paths.length || (command === 'install' && paths.length !== 1))
        return 'Parameter: content must name one APK in OBS (install-multiple: the splits of one app).';
      if (words.some((w) => !FLAGS.test(w) && !(OBS.test(w) && /\.apk$/i.test(w))))
        return 'Parameter: content must be obs://bucket/path.apk, with flags such as -t -r.';
      return null;
    }
    case 'uninstall':
      return words.length === 1 && /^[A-Za-z][\w.]{0,199}$/.test(words[0])
        ? null
        : 'Parameter: content must be a package name.';
    case 'push':
      return words.length === 1 && OBS.test(words[0]) && /\.tar$/i.test(words[0])
        ? null
        : 'Parameter: content must be obs://bucket/path.tar.';
    case 'shell':
      return Buffer.byteLength(content) <= 1_024 && /^[A-Za-z0-9_./:\- ]+$/.test(content)
        ? null
        : 'Parameter: content has characters a shell command may not use, or is over 1,024 bytes.';
    default:
      return 'Parameter: command must be install, install-multiple, uninstall, push or shell.';
  }
}
