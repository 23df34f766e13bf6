/** A date as UK readers write it ("2 June 2026"), in UK time, so the server and the browser agree. */
export function formatUkDate(iso: string | Date): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' })
}
