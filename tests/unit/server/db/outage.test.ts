import { describe, expect, it } from 'vitest'
import { isDatabaseUnavailable, outageReason } from '../../../../server/db/outage'

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code })

describe('a lost database, told apart from a wrong query', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['postgres.js closing a connection', withCode('CONNECTION_CLOSED')],
    ['postgres.js timing out a connect', withCode('CONNECT_TIMEOUT')],
    ['postgres.js after end()', withCode('CONNECTION_ENDED')],
    ['PostgreSQL shutting down (admin_shutdown)', withCode('57P01')],
    ['PostgreSQL starting up (cannot_connect_now)', withCode('57P03')],
    ['a connection exception (class 08)', withCode('08006')],
    ['too many connections', withCode('53300')],
    ['a statement cancelled by statement_timeout', withCode('57014')],
  ])('%s is unavailable', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true)
  })

  it('looks through the causes drizzle wraps around the driver\'s error, and into AggregateErrors', () => {
    const wrapped = new Error('Failed query: select 1', { cause: withCode('ECONNREFUSED') })
    expect(isDatabaseUnavailable(new Error('outer', { cause: wrapped }))).toBe(true)
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect'))).toBe(true)
  })

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['a deadlock (the transaction is retried or refused by its own code)', withCode('40P01')],
    ['a plain error', new Error('boom')],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('%s is not', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false)
  })

  it('stops on a cause that points back at itself', () => {
    const a = withCode('XX000') as Error & { cause?: unknown }
    a.cause = a
    expect(isDatabaseUnavailable(a)).toBe(false)
  })
})

describe('the reason logged for an outage', () => {
  it('is the driver\'s code and first line, never the query or its parameters', () => {
    const wrapped = new Error('Failed query: select * from sessions where id = $1\nparams: secret-session-id', { cause: withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432') })
    expect(outageReason(wrapped)).toBe('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432')
    expect(outageReason(withCode('57P01', 'terminating connection due to administrator command'))).toBe('57P01: terminating connection due to administrator command')
  })
})
