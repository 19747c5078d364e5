/** Path helpers shared by the scanners: one ordering and one separator everywhere. */

/** Orders paths by UTF-16 code unit (byte order for ASCII, as git sorts), never by locale, so output is reproducible. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function joinRelative(prefix: string, relativePath: string): string {
  return prefix === '' ? relativePath : `${prefix}/${relativePath}`;
}
