import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signedInAdmin } from '../helpers/admin'
import { completedLearner } from '../helpers/certificates'
import { Client, PASSWORD, signedInClient, testSql, uniqueEmail } from '../helpers/client'
import { addOrganisation } from '../helpers/orgs'

async function auditOf(targetId: string) {
  return testSql()<{ action: string, actor_id: string | null, details: string | null }[]>`select action, actor_id, details from audit_log where target_id = ${targetId} order by at, id`
}

describe('admin actions on a person', () => {
  it('makes and removes an admin, refuses removing your own rights, and audits each change', async () => {
    const admin = await signedInAdmin()
    const other = await signedInClient('future-admin')
    const grant = await admin.client.post(`/api/admin/users/${other.userId}/admin`, { admin: true })
    expect(grant.json).toEqual({ isAdmin: true, changed: true })
    expect((await other.client.get('/api/admin/overview')).status).toBe(200)
    // Granting twice changes nothing and writes nothing more.
    expect((await admin.client.post(`/api/admin/users/${other.userId}/admin`, { admin: true })).json).toEqual({ isAdmin: true, changed: false })
    const revoke = await admin.client.post(`/api/admin/users/${other.userId}/admin`, { admin: false })
    expect(revoke.json).toEqual({ isAdmin: false, changed: true })
    expect((await other.client.get('/api/admin/overview')).status).toBe(403)
    expect((await auditOf(other.userId)).map(a => [a.action, a.actor_id])).toEqual([['admin.granted', admin.userId], ['admin.revoked', admin.userId]])

    const own = await admin.client.post(`/api/admin/users/${admin.userId}/admin`, { admin: false })
    expect(own.status).toBe(409)
    expect(own.json.message).toMatch(/cannot remove your own admin rights/)
    expect((await admin.client.post(`/api/admin/users/${other.userId}/admin`, { admin: 'yes' })).status).toBe(400)
    expect((await admin.client.post(`/api/admin/users/not-a-uuid/admin`, { admin: true })).status).toBe(404)
  })

  it('resends the confirmation email to someone unconfirmed, once a minute, and audits it', async () => {
    const admin = await signedInAdmin()
    const email = uniqueEmail('unconfirmed')
    await new Client().post('/api/auth/sign-up', { name: 'Una Confirmed', email, password: PASSWORD })
    const [user] = await testSql()<{ id: string }[]>`select id from users where email = ${email}`
    // Sign-up just sent one: within the minute nothing more is sent.
    await testSql()`update email_tokens set created_at = now() - interval '2 minutes' where user_id = ${user!.id}`
    const res = await admin.client.post(`/api/admin/users/${user!.id}/resend-verification`)
    expect(res.json).toEqual({ sent: true })
    expect((await admin.client.post(`/api/admin/users/${user!.id}/resend-verification`)).json).toEqual({ sent: false })
    const mails = await testSql()`select 1 from email_outbox where "to" = ${email} and template = 'verify-email'`
    expect(mails).toHaveLength(2)
    expect((await auditOf(user!.id)).map(a => a.action)).toEqual(['user.verification_resent', 'user.verification_resent'])

    const confirmed = await signedInClient('confirmed')
    const already = await admin.client.post(`/api/admin/users/${confirmed.userId}/resend-verification`)
    expect(already.status).toBe(409)
    expect(already.json.message).toMatch(/already confirmed/)
  })

  it('revokes and reissues certificates through the existing routes, audited', async () => {
    const admin = await signedInAdmin()
    const learner = await completedLearner(`Cert Person ${randomBytes(3).toString('hex')}`)
    const reissued = await admin.client.post(`/api/admin/certificates/${learner.code}/reissue`, { learnerName: 'Corrected Name', reason: 'Spelling of surname' })
    expect(reissued.status, reissued.text).toBe(200)
    const revoked = await admin.client.post(`/api/admin/certificates/${reissued.json.code}/revoke`, { reason: 'Issued in error' })
    expect(revoked.status, revoked.text).toBe(200)
    const actions = await testSql()<{ action: string }[]>`select action from audit_log where actor_id = ${admin.userId} and action like 'certificate.%' order by at, id`
    expect(actions.map(a => a.action)).toEqual(['certificate.reissued', 'certificate.revoked'])
    const detail = await admin.client.get(`/api/admin/users/${learner.userId}`)
    expect(detail.json.certificates.map((c: { status: string }) => c.status)).toEqual(['superseded', 'revoked'])
    expect(detail.json.enrolments[0].completedAt).toBeTruthy()
    expect(detail.json.seats).toHaveLength(1)
  })
})

describe('admin lists', () => {
  it('search, filter and page people, and refuse bad filters with a message', async () => {
    const { client: admin } = await signedInAdmin()
    const tag = randomBytes(4).toString('hex')
    const people = await Promise.all([1, 2, 3].map(i => signedInClient(`zz${tag}-${i}`)))
    await addOrganisation(people[0]!.userId, `Northshire ${tag}`)

    const page1 = await admin.get(`/api/admin/users?q=zz${tag}&pageSize=2`)
    expect(page1.json).toMatchObject({ total: 3, page: 1, pageSize: 2, pages: 2 })
    expect(page1.json.users).toHaveLength(2)
    const page2 = await admin.get(`/api/admin/users?q=zz${tag}&pageSize=2&page=2`)
    expect(page2.json.users).toHaveLength(1)
    const managers = await admin.get(`/api/admin/users?q=zz${tag}&role=manager`)
    expect(managers.json.users.map((u: { id: string }) => u.id)).toEqual([people[0]!.userId])
    expect((await admin.get(`/api/admin/users?q=${encodeURIComponent('%')}zz${tag}`)).json.total).toBe(0)

    const bad = await admin.get('/api/admin/users?role=owner')
    expect(bad.status).toBe(400)
    expect(bad.json.message).toMatch(/Role is one of/)
    expect((await admin.get('/api/admin/orders?status=lost')).status).toBe(400)
    expect((await admin.get('/api/admin/audit?from=2026-13-45')).status).toBe(400)
    expect((await admin.get('/api/admin/certificates?pageSize=1000')).status).toBe(400)

    const orgs = await admin.get(`/api/admin/organisations?q=Northshire ${tag}`)
    expect(orgs.json.organisations).toEqual([expect.objectContaining({ name: `Northshire ${tag}`, managers: 1 })])
  })

  it('the audit log filters by action family, actor and date', async () => {
    const { client: admin, userId } = await signedInAdmin()
    const target = await signedInClient('audited')
    await admin.post(`/api/admin/users/${target.userId}/admin`, { admin: true })
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' })
    const res = await admin.get(`/api/admin/audit?action=admin&actor=people&from=${today}&to=${today}&q=${target.userId}`)
    expect(res.status, res.text).toBe(200)
    expect(res.json.entries).toEqual([expect.objectContaining({ action: 'admin.granted', targetId: target.userId, actor: expect.objectContaining({ id: userId }) })])
    expect(res.json.actions).toContain('admin.granted')
    // In words for a reader (issue 19 item 14), the raw fields beside them.
    expect(res.json.entries[0].readable).toEqual({ phrase: 'Made an admin', subject: { label: 'Test audited', userId: target.userId }, sentences: [] })
    const system = await admin.get(`/api/admin/audit?actor=system&q=${target.userId}`)
    expect(system.json.entries).toEqual([])
  })
})
