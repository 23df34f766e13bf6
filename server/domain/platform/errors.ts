/** What went wrong, in terms a handler can map to HTTP without knowing the rule that failed. */
export type DomainErrorKind =
  | 'invalid' // 400: the input is malformed or out of range
  | 'unauthenticated' // 401: sign in first
  | 'forbidden' // 403: signed in, but not allowed
  | 'not_found' // 404
  | 'conflict' // 409: the state changed underneath, or a duplicate
  | 'expired' // 410: a link or offer that has run out
  | 'too_large' // 413: the upload or request body is over its size limit
  | 'unsupported' // 415: an upload of the wrong kind of file
  | 'rule' // 422: well-formed, but a business rule says no
  | 'throttled' // 429: too many attempts; retryAfterSeconds says when to try again
  | 'unavailable' // 503: a service we depend on (Stripe) did not answer; nothing was done

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details: { code?: string, retryAfterSeconds?: number, issues?: unknown, data?: Record<string, unknown> } = {},
  ) {
    super(message)
    this.name = 'DomainError'
  }
}

export const httpStatusOf: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  expired: 410,
  too_large: 413,
  unsupported: 415,
  rule: 422,
  throttled: 429,
  unavailable: 503,
}
