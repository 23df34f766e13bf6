/** The message a person should read for a failed API call. */
export function apiErrorMessage(error: unknown): string {
  const e = error as { data?: { message?: string }, statusCode?: number }
  if (e?.data?.message) return e.data.message
  if (e?.statusCode === undefined) return 'We could not reach the server. Check your connection and try again.'
  return 'Something went wrong on our side. Please try again in a moment.'
}

/** One sentence listing what to fix, for the announced message above a form that failed its checks. */
export function formErrorSummary(event: { errors: { message?: string }[] }): string {
  const messages = event.errors.map(e => e.message).filter(Boolean)
  return `Please check the form. ${messages.join(' ')}`
}
