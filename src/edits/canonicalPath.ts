/**
 * The one spelling of a model-given path that every rule is applied to. File systems accept more spellings of a
 * name than a string comparison sees: NTFS ignores trailing dots and spaces (`.git.` is `.git`), reads `name::$DATA`
 * as `name` and `.git::$INDEX_ALLOCATION` as the folder `.git`, answers to 8.3 short names (`GIT~1`), and Windows and
 * macOS compare names without case. So a path is brought to one canonical form first, and the rules (and the write)
 * use that form; a rule that checked one spelling while the write used another could be walked around.
 *
 * Pure: no file system access (symlinks are resolved later, by workspacePaths).
 */

export type CanonicalPath =
  /** `segments`: the canonical segments (original case kept, for the file on a case-sensitive disk). */
  | { ok: true; segments: string[]; path: string }
  | { ok: false; reason: string };

const WINDOWS_DRIVE = /^[a-zA-Z]:/;
/** An 8.3 short name: up to six characters, `~`, a number, an optional short extension (`GIT~1`, `GITHUB~1`, `PROGRA~1.TXT`). */
const SHORT_NAME = /~\d+(\.[^.~]{0,3})?$/;
/**
 * Characters that show as nothing and that HFS+ drops when it compares names (so `.g\u200cit` is `.git` there), plus
 * the byte-order mark; git refuses them in `.git` for the same reason. A path has no business containing them.
 */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff]/u;
/**
 * Windows device names: in any folder, with any extension (`nul.txt`, `com1.log`), they open the device, not a file;
 * a write to `con` or `aux` never lands where the review showed it.
 */
const DEVICE_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;

/** One segment as NTFS reads it: the stream part cut (`name:stream`, `name::$DATA`), trailing dots and spaces dropped. */
function segmentAsStored(segment: string): string {
  const colon = segment.indexOf(':');
  const named = colon >= 0 ? segment.slice(0, colon) : segment;
  return named.replace(/[. ]+$/, '');
}

/**
 * Canonicalises a workspace-relative path the model gave. Refuses what has no safe canonical form: NUL, absolute
 * paths, `..` (and segments made only of dots and spaces, which NTFS reads as `.` or `..`), 8.3 short names (we
 * cannot know what they expand to), Windows device names, invisible characters. `..foo` is an ordinary name and is kept.
 */
export function canonicalPath(requested: string): CanonicalPath {
  if (requested.includes('\0')) return { ok: false, reason: 'it contains a NUL character.' };
  if (INVISIBLE.test(requested)) return { ok: false, reason: 'it contains invisible characters (some file systems ignore them, so the name is not what it looks like).' };
  const slashed = requested.trim().replace(/\\/g, '/');
  if (slashed === '' || slashed === '.') return { ok: false, reason: 'it names no file.' };
  if (slashed.startsWith('/') || WINDOWS_DRIVE.test(slashed)) {
    return { ok: false, reason: 'absolute paths are not allowed; give a workspace-relative path such as src/app.ts.' };
  }
  const segments: string[] = [];
  for (const raw of slashed.split('/')) {
    if (raw === '' || raw === '.') continue;
    const stored = segmentAsStored(raw);
    if (stored === '') {
      // "..", "...", ". ", ".. ", ":x": nothing is left of the name, or it climbs out
      if (/^[. ]+$/.test(raw) && raw.includes('..')) return { ok: false, reason: '".." is not allowed; paths must stay inside the workspace.' };
      if (/^[. ]+$/.test(raw)) continue; // ". " is "." on NTFS
      return { ok: false, reason: `"${raw}" names no file (only an alternate data stream or trailing dots and spaces).` };
    }
    if (process.platform === 'win32' && DEVICE_NAME.test(stored)) {
      return { ok: false, reason: `"${raw}" is a Windows device name (CON, NUL, COM1…), not a file; choose another name.` };
    }
    if (SHORT_NAME.test(stored)) {
      return { ok: false, reason: `"${raw}" looks like a Windows 8.3 short name, which could stand for any longer name (.git, .github…); use the full name.` };
    }
    segments.push(stored);
  }
  if (segments.length === 0) return { ok: false, reason: 'it names no file.' };
  return { ok: true, segments, path: segments.join('/') };
}

/** How two names compare on the file systems we must assume (case-insensitive, Unicode-normalised). */
export function comparisonKey(canonical: string): string {
  return canonical.normalize('NFC').toLowerCase();
}
