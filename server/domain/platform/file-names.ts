/**
 * A name that is safe as a file name in any zip tool and file system: accents folded, anything but
 * letters and digits turned into hyphens, at most `max` characters. Never empty.
 */
export function safeFileName(name: string, fallback = 'certificate', max = 60): string {
  const slug = name.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '').toLowerCase().slice(0, max).replace(/-+$/, '')
  return slug || fallback
}
