import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { completedLearner, organisationWithManager, randomIp } from '../helpers/certificates'
import { signedInAdmin } from '../helpers/admin'
import { Client, PASSWORD, testSql, uniqueEmail } from '../helpers/client'
import { invite, orgWithSeats } from '../helpers/orgs'
import { orgCheckout, postWebhook, sessionEvent } from '../helpers/stripe'

interface Totals { learners: number, seatsSold: number, seatsUsed: number, completions: number, revenuePence: number, organisations: number }

async function totals(admin: Client): Promise<Totals> {
  const res = await admin.get('/api/admin/overview')
  expect(res.status, res.text).toBe(200)
  const { learners, seatsSold, seatsUsed, completions, revenuePence, organisations } = res.json
  return { learners, seatsSold, seatsUsed, completions, revenuePence, organisations }
}

/**
 * Every text-like column of every table in the schema (listed from information_schema, so a table added later is
 * searched too) that still holds one of the values, case-insensitively.
 */
async function whereStillHeld(values: string[]) {
  const sql = testSql()
  const columns = await sql<{ table_name: string, column_name: string }[]>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
    order by 1, 2`
  const tables = new Set(columns.map(c => c.table_name))
  const hits: string[] = []
  for (const { table_name: table, column_name: column } of columns) {
    for (const value of values) {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)} where position(lower(${value}) in lower(${sql(column)}::text)) > 0`
      if (row!.n) hits.push(`${table}.${column} holds "${value}" (${row!.n} rows)`)
    }
  }
  return { tables, hits }
}

describe('erasing a person', () => {
  it('removes their personal data from every table, keeps the totals, and leaves their certificate revoked without a name', async () => {
    const { client: admin } = await signedInAdmin()
    const tag = randomBytes(4).toString('hex')
    const personal = {
      name: `Zebedee Quillfeather ${tag}`,
      reflection: `my foster son Tobias ${tag} ran to his aunt`,
      address: `17 Larkspur Row ${tag}`,
    }

    // A learner of Northshire who completed the course, with a private reflection and a failed sign-in.
    const northshire = await organisationWithManager(`Northshire ${tag}`)
    const person = await completedLearner(personal.name, northshire.organisationId)
    await testSql()`insert into reflections (enrolment_id, reflection_id, text) values (${person.enrolmentId}, 'r-admin-test', ${personal.reflection})`
    await new Client().request('POST', '/api/auth/sign-in', { email: person.email, password: 'not the password at all' }, { 'x-forwarded-for': randomIp() })

    // They bought licences for a new organisation (Stripe's event carries their name and address), and invited someone.
    const bought = await person.client.post('/api/checkout/sessions', orgCheckout(3, { organisationName: `Larkspur Fostering ${tag}` }))
    expect(bought.status, bought.text).toBe(201)
    const [order] = await testSql()<{ stripe_checkout_session_id: string, total_pence: number }[]>`select stripe_checkout_session_id, total_pence from orders where id = ${bought.json.orderId}`
    const paid = await postWebhook(sessionEvent('checkout.session.completed', {
      orderId: bought.json.orderId, sessionId: order!.stripe_checkout_session_id, totalPence: order!.total_pence, paymentIntentId: `pi_test_${tag}`,
      client: person.client, userId: person.userId, email: person.email,
    }, { customer_details: { email: person.email, name: personal.name, address: { line1: personal.address, city: 'Northshire', postal_code: 'NS1 1AA', country: 'GB' } } }))
    expect(paid.json?.outcome).toBe('fulfilled')
    const [larkspur] = await testSql()<{ organisation_id: string }[]>`select organisation_id from orders where id = ${bought.json.orderId}`
    await invite(person.client, larkspur!.organisation_id, [uniqueEmail('invited-by-erased')])

    // Another organisation has invited them (an open invitation holding a seat).
    const other = await orgWithSeats(2, 'other-lead')
    await invite(other.client, other.orgId, [person.email])

    // The export holds everything, and is audited.
    const exported = await admin.get(`/api/admin/users/${person.userId}/export.json`)
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="user-.+\.json"$/)
    expect(exported.headers.get('cache-control')).toBe('no-store')
    expect(exported.json.account).toMatchObject({ email: person.email, name: personal.name })
    expect(exported.json.reflections.map((r: { text: string }) => r.text)).toContain(personal.reflection)
    expect(exported.json.certificates).toHaveLength(1)
    expect(exported.json.orders).toHaveLength(1)
    expect(exported.json.invitations.length).toBeGreaterThanOrEqual(1)
    expect(exported.json.emails.map((e: { template: string }) => e.template)).toEqual(expect.arrayContaining(['certificate-issued', 'order-receipt']))
    expect(exported.text).not.toMatch(/password_hash|token_hash|secret_hash|\$argon2/)

    const before = await totals(admin)
    const northshireRow = async () => (await admin.get(`/api/admin/organisations?q=${encodeURIComponent(`Northshire ${tag}`)}`)).json.organisations
    const northshireBefore = await northshireRow()
    expect(northshireBefore).toEqual([expect.objectContaining({ seatsUsed: 1, completions: 1 })])
    // The search finds what is there: before erasure these tables hold the person's details.
    const held = (await whereStillHeld([person.email, personal.name, personal.reflection, personal.address])).hits.map(h => h.split('.')[0])
    expect(new Set(held)).toEqual(new Set(['users', 'reflections', 'stripe_events', 'email_outbox', 'audit_log', 'invitations', 'seats', 'certificates', 'sign_in_failures']))

    // They are Larkspur's only training lead: the erasure waits, and says why.
    const refused = await admin.post(`/api/admin/users/${person.userId}/erase`, { confirmEmail: person.email })
    expect(refused.status).toBe(409)
    expect(refused.json.message).toMatch(/only training lead of "Larkspur Fostering .+"\. Appoint another training lead/)
    expect(refused.json.data.code).toBe('sole_manager')
    await testSql()`insert into memberships (organisation_id, user_id, role) values (${larkspur!.organisation_id}, ${northshire.manager.userId}, 'manager')`

    // A wrong confirmation changes nothing.
    expect((await admin.post(`/api/admin/users/${person.userId}/erase`, { confirmEmail: 'someone@else.org' })).status).toBe(400)

    const erased = await admin.post(`/api/admin/users/${person.userId}/erase`, { confirmEmail: person.email })
    expect(erased.status, erased.text).toBe(200)
    expect(erased.json).toEqual({ erased: true, alreadyErased: false })

    // Totals stay right: the completion, the seat, the sale happened.
    expect(await totals(admin)).toEqual(before)
    expect(await northshireRow()).toEqual(northshireBefore)

    // Nothing personal is left anywhere.
    const { tables, hits } = await whereStillHeld([person.email, personal.name, personal.reflection, personal.address, tag + ' ran'])
    expect([...tables]).toEqual(expect.arrayContaining(['users', 'audit_log', 'email_outbox', 'stripe_events', 'invitations', 'certificates', 'reflections']))
    expect(hits).toEqual([])

    // The certificate now checks as revoked, naming nobody, on the API and on the page.
    const check = await new Client().request('GET', `/api/certificates/${person.code}`, undefined, { 'x-forwarded-for': randomIp() })
    expect(check.json).toMatchObject({ valid: false, status: 'revoked' })
    expect(check.text).not.toContain('Quillfeather')
    const page = await new Client().request('GET', `/verify/${person.code}`, undefined, { 'x-forwarded-for': randomIp() })
    expect(page.status).toBe(200)
    expect(page.text).toMatch(/revoked/i)
    expect(page.text).not.toContain('Quillfeather')

    // They cannot sign in; their session is gone; the open invitation is withdrawn and its seat freed.
    expect((await new Client().request('POST', '/api/auth/sign-in', { email: person.email, password: PASSWORD }, { 'x-forwarded-for': randomIp() })).status).toBe(401)
    expect((await person.client.get('/api/orgs')).status).toBe(401)
    const otherSeats = await testSql()<{ status: string }[]>`select status from seats where organisation_id = ${other.orgId} order by status`
    expect(otherSeats.map(s => s.status)).toEqual(['available', 'available'])

    // Erasing again is harmless; the erasure is audited once, without personal data.
    const again = await admin.post(`/api/admin/users/${person.userId}/erase`, { confirmEmail: 'anything@example.org' })
    expect(again.json).toEqual({ erased: false, alreadyErased: true })
    const audit = await testSql()<{ action: string, details: string }[]>`select action, details from audit_log where target_id = ${person.userId} and action in ('user.erased', 'user.exported')`
    expect(audit.map(a => a.action).sort()).toEqual(['user.erased', 'user.exported'])

    // The admin's user page shows the anonymised account.
    const detail = await admin.get(`/api/admin/users/${person.userId}`)
    expect(detail.json.user).toMatchObject({ name: 'Erased user', email: `erased-${person.userId}@erased.invalid` })
    expect(detail.json.user.erasedAt).toBeTruthy()
    expect(detail.json.certificates[0]).toMatchObject({ status: 'revoked', learnerName: null, revokedReason: 'erased' })
  })

  it('erases once when two admins erase the same person at the same moment', async () => {
    const [first, second] = [await signedInAdmin('admin-one'), await signedInAdmin('admin-two')]
    const person = await completedLearner(`Twice Erased ${randomBytes(3).toString('hex')}`)
    const results = await Promise.all([first, second].map(a => a.client.post(`/api/admin/users/${person.userId}/erase`, { confirmEmail: person.email })))
    expect(results.map(r => r.status)).toEqual([200, 200])
    expect(results.map(r => r.json.erased).sort()).toEqual([false, true])
    const entries = await testSql()`select 1 from audit_log where action = 'user.erased' and target_id = ${person.userId}`
    expect(entries).toHaveLength(1)
  })

  it('refuses to erase your own account', async () => {
    const admin = await signedInAdmin()
    const res = await admin.client.post(`/api/admin/users/${admin.userId}/erase`, { confirmEmail: admin.email })
    expect(res.status).toBe(409)
    expect(res.json.data.code).toBe('own_account')
  })
})
