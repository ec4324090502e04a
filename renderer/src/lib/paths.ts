/** Joins a folder and a file name with the folder's own separator (Windows or POSIX). */
export function joinPath(dir: string, file: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? `${dir}${file}` : `${dir}${sep}${file}`;
}

/** A file-name-safe stem for a certificate's first name ("*.example.com" → "wildcard.example.com"). */
export function fileStem(name: string): string {
  return name.replace(/^\*\./, 'wildcard.').replace(/[^a-zA-Z0-9.-]/g, '_') || 'certificate';
}
