import type { EventHandlerRequest, H3Event } from 'h3'
import type { ZodType } from 'zod'
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, outageReason } from '../db/outage'
import { DomainError, httpStatusOf } from '../domain/platform/errors'
import { CONTROL_CHARACTER_MESSAGE, containsNul } from '#shared/types/text'

/**
 * Turns a domain error into an HTTP error with a clear message, and a lost database into a 503 with
 * Retry-After (nothing was saved; the browser's queue and Stripe send again); anything else passes through.
 */
export function toHttpError(error: unknown, event?: H3Event) {
  if (!(error instanceof DomainError) && isDatabaseUnavailable(error)) {
    console.error(`Database unavailable${event ? ` (${event.method} ${event.path.split('?')[0]})` : ''}: ${outageReason(error)}`)
    error = new DomainError('unavailable', 'The service is briefly unavailable. Please try again in a moment.', {
      code: 'database_unavailable',
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    })
  }
  if (error instanceof DomainError) {
    if (event && error.details.retryAfterSeconds) setHeader(event, 'Retry-After', error.details.retryAfterSeconds)
    return createError({
      statusCode: httpStatusOf[error.kind],
      statusMessage: error.message.replace(/[^\x20-\x7E]/g, ''),
      message: error.message,
      data: { ...error.details.data, code: error.details.code ?? error.kind, issues: error.details.issues },
    })
  }
  return error
}

/** An API handler whose domain errors become the right 4xx. */
export function defineApiHandler<T>(handler: (event: H3Event<EventHandlerRequest>) => Promise<T> | T) {
  return defineEventHandler(async (event) => {
    try {
      return await handler(event)
    }
    catch (error) {
      throw toHttpError(error, event)
    }
  })
}

/**
 * The schemas refuse control characters in every free-text field; this catches NUL anywhere else a body can carry
 * a string (an answer, a SCORM value), since PostgreSQL cannot store it and would answer 500.
 */
function refuseNul(body: unknown) {
  if (containsNul(body)) throw new DomainError('invalid', CONTROL_CHARACTER_MESSAGE, { code: 'control_characters' })
}

function invalid(issues: { path: PropertyKey[], message: string }[]) {
  const first = issues[0]
  const where = first?.path.length ? `${first.path.join('.')}: ` : ''
  return new DomainError('invalid', `${where}${first?.message ?? 'The request is not valid.'}`, {
    code: 'invalid_input',
    issues: issues.map(i => ({ path: i.path.map(String), message: i.message })),
  })
}

/**
 * Reads and validates a JSON body: malformed JSON, wrong types and missing fields are a 400 with a message.
 * With `maxBytes`, a larger body is a 413 before it is parsed.
 */
export async function readBodyAs<T>(event: H3Event, schema: ZodType<T>, opts: { maxBytes?: number } = {}): Promise<T> {
  let body: unknown
  if (opts.maxBytes !== undefined) {
    const tooLarge = new DomainError('too_large', 'The request is too large.', { code: 'too_large' })
    if (Number(getHeader(event, 'content-length') ?? 0) > opts.maxBytes) throw tooLarge
    const raw = await readRawBody(event, false)
    if (raw && raw.length > opts.maxBytes) throw tooLarge
    try {
      body = raw && raw.length ? JSON.parse(raw.toString('utf8')) : {}
    }
    catch {
      throw new DomainError('invalid', 'The request body is not valid JSON.', { code: 'invalid_json' })
    }
    refuseNul(body)
    const parsed = schema.safeParse(body)
    if (!parsed.success) throw invalid(parsed.error.issues)
    return parsed.data
  }
  try {
    body = await readBody(event)
  }
  catch {
    throw new DomainError('invalid', 'The request body is not valid JSON.', { code: 'invalid_json' })
  }
  refuseNul(body)
  const parsed = schema.safeParse(body ?? {})
  if (!parsed.success) throw invalid(parsed.error.issues)
  return parsed.data
}

export function readQueryAs<T>(event: H3Event, schema: ZodType<T>): T {
  refuseNul(getQuery(event))
  const parsed = schema.safeParse(getQuery(event))
  if (!parsed.success) throw invalid(parsed.error.issues)
  return parsed.data
}

/**
 * The one way to read route parameters: validated by a schema built from shared/types/params.ts. A parameter
 * that fails cannot name anything, so it is a 404 with the schema's message (and its `code`, if it gives one),
 * answered before any lookup; never a database error.
 */
export function readParams<T>(event: H3Event, schema: ZodType<T>): T {
  const parsed = schema.safeParse(getRouterParams(event, { decode: true }), { error: () => 'Not found.' })
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const code = issue?.code === 'custom' && typeof issue.params?.code === 'string' ? issue.params.code : 'not_found'
  throw new DomainError('not_found', issue?.message ?? 'Not found.', { code })
}
