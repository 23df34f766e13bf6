import type { EventHandlerRequest, H3Event } from 'h3'
import type { ZodType } from 'zod'
import { DomainError, httpStatusOf } from '../domain/errors'

/** Turns a domain error into an HTTP error with a clear message; anything else passes through. */
export function toHttpError(error: unknown, event?: H3Event) {
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

function invalid(issues: { path: PropertyKey[], message: string }[]) {
  const first = issues[0]
  const where = first?.path.length ? `${first.path.join('.')}: ` : ''
  return new DomainError('invalid', `${where}${first?.message ?? 'The request is not valid.'}`, {
    code: 'invalid_input',
    issues: issues.map(i => ({ path: i.path.map(String), message: i.message })),
  })
}

/** Reads and validates a JSON body: malformed JSON, wrong types and missing fields are a 400 with a message. */
export async function readBodyAs<T>(event: H3Event, schema: ZodType<T>): Promise<T> {
  let body: unknown
  try {
    body = await readBody(event)
  }
  catch {
    throw new DomainError('invalid', 'The request body is not valid JSON.', { code: 'invalid_json' })
  }
  const parsed = schema.safeParse(body ?? {})
  if (!parsed.success) throw invalid(parsed.error.issues)
  return parsed.data
}

export function readQueryAs<T>(event: H3Event, schema: ZodType<T>): T {
  const parsed = schema.safeParse(getQuery(event))
  if (!parsed.success) throw invalid(parsed.error.issues)
  return parsed.data
}
