/** How certificate details read, the same on the PDF, the pages and in emails (dates: ukDate in shared/dates.ts). */

/** CPD time is stored in whole minutes (exact); people read it in hours: 90 → 1.5. */
export function cpdHoursOf(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100
}

/** 90 → "1.5 hours", 60 → "1 hour". */
export function formatCpdHours(minutes: number): string {
  const hours = cpdHoursOf(minutes)
  return `${hours} ${hours === 1 ? 'hour' : 'hours'}`
}

/** Where anyone checks a certificate: `<site>/verify/<code>`. */
export function verificationUrl(siteUrl: string, code: string): string {
  return `${siteUrl.replace(/\/$/, '')}/verify/${code}`
}
