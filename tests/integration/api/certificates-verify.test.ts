import { describe, expect, it } from 'vitest'
import { formatCode, generateCertificateCode } from '#shared/certificate-code'
import { Client, testSql } from '../helpers/client'
import { adminClient, completedLearner, randomIp } from '../helpers/certificates'

function lookup(path: string, ip = randomIp()) {
  return new Client().request('GET', path, undefined, { 'x-forwarded-for': ip })
}

/** A different character at one position, with the check character left as it was: a typical typo. */
function typo(code: string) {
  const chars = [...code.replaceAll('-', '')]
  chars[3] = chars[3] === 'A' ? 'C' : 'A'
  return formatCode(chars.join(''))
}

describe('verifying a certificate', () => {
  it('shows the details as issued for a valid code, however it is typed', async () => {
    const learner = await completedLearner('Valerie Valid')
    const res = await lookup(`/api/certificates/${learner.code}`)
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      valid: true,
      status: 'valid',
      // Bought as an individual: the certificate does not expire.
      validUntil: null,
      validity: null,
      code: learner.code,
      learnerName: 'Valerie Valid',
      courseTitle: 'Children Missing from Care',
      completedAt: expect.any(String),
      issuedAt: expect.any(String),
      cpdHours: 1.5,
    })
    expect(res.headers.get('cache-control')).toBe('no-store')
    const typed = learner.code.toLowerCase().replaceAll('-', ' ')
    expect((await lookup(`/api/certificates/${encodeURIComponent(typed)}`)).json.code).toBe(learner.code)

    // A later change of the account name does not change the certificate as issued.
    await testSql()`update users set name = 'Someone Renamed' where id = ${learner.userId}`
    expect((await lookup(`/api/certificates/${learner.code}`)).json.learnerName).toBe('Valerie Valid')
  })

  it('says a revoked certificate is revoked, and when, without the details', async () => {
    const learner = await completedLearner('Rory Revoked')
    const admin = await adminClient()
    expect((await learner.client.post(`/api/admin/certificates/${learner.code}/revoke`, { reason: 'Completed under another person\'s account' })).status).toBe(403)
    const revoked = await admin.post(`/api/admin/certificates/${learner.code}/revoke`, { reason: 'Completed under another person\'s account' })
    expect(revoked.status).toBe(200)

    const res = await lookup(`/api/certificates/${learner.code}`)
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ valid: false, code: learner.code, status: 'revoked', revokedAt: expect.any(String) })
    expect(res.text).not.toContain('Rory')
    expect((await admin.post(`/api/admin/certificates/${learner.code}/revoke`, { reason: 'again' })).status).toBe(409)
    expect((await admin.post(`/api/admin/certificates/${learner.code}/revoke`, { reason: '' })).status).toBe(400)
    const [audit] = await testSql()`select action, details from audit_log where action = 'certificate.revoked' and details like ${`%${learner.code}%`}`
    expect(audit).toBeDefined()
    // The learner can no longer download it, and is told why.
    const pdf = await learner.client.get(`/api/certificates/${learner.code}/pdf`)
    expect(pdf.status).toBe(410)
    expect(pdf.json.message).toMatch(/revoked on/)
  })

  it('reissues after a name correction: the old code says superseded and points to nothing personal', async () => {
    const learner = await completedLearner('Jon Smiht')
    const admin = await adminClient()
    const res = await admin.post(`/api/admin/certificates/${learner.code}/reissue`, { learnerName: 'Jon Smith', reason: 'Name misspelt at sign-up' })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ supersededCode: learner.code, learnerName: 'Jon Smith' })
    const newCode = res.json.code as string
    expect(newCode).not.toBe(learner.code)

    const old = await lookup(`/api/certificates/${learner.code}`)
    expect(old.json).toEqual({ valid: false, code: learner.code, status: 'superseded', supersededAt: expect.any(String) })
    expect(old.text).not.toMatch(/Smi|Jon/)
    expect(old.text).not.toContain(newCode)
    const [row] = await testSql()`select learner_name, superseded_by_id from certificates where code = ${learner.code}`
    expect(row!.learner_name).toBeNull()
    expect(row!.superseded_by_id).not.toBeNull()

    const fresh = await lookup(`/api/certificates/${newCode}`)
    expect(fresh.json).toMatchObject({ valid: true, learnerName: 'Jon Smith', code: newCode })
    const [original] = await testSql()`select completed_at from enrolments where id = ${learner.enrolmentId}`
    expect(new Date(fresh.json.completedAt)).toEqual(original!.completed_at)
    expect((await learner.client.get('/api/certificates/mine')).json.certificates.map((c: { code: string }) => c.code)).toEqual([newCode])
    const [mail] = await testSql()`select text from email_outbox where "to" = ${learner.email} and subject = 'Your certificate has been reissued'`
    expect(mail!.text).toContain(`/verify/${newCode}`)
    expect((await admin.post(`/api/admin/certificates/${learner.code}/reissue`, { learnerName: 'X', reason: 'again' })).status).toBe(409)
  })

  it('tells an unknown code from a mistyped one, both as 404s, and only a well-formed code is looked up', async () => {
    const unknown = await lookup(`/api/certificates/${generateCertificateCode()}`)
    expect(unknown.status).toBe(404)
    expect(unknown.json.data.code).toBe('unknown')
    expect(unknown.json.message).toMatch(/No certificate has this code/)

    const learner = await completedLearner('Tina Typo')
    const ip = randomIp()
    for (const mistyped of [typo(learner.code), learner.code.slice(0, -1), `${learner.code.slice(0, -1)}O`]) {
      const res = await lookup(`/api/certificates/${encodeURIComponent(mistyped)}`, ip)
      expect(res.status, mistyped).toBe(404)
      expect(res.json.data.code).toBe('mistyped')
      expect(res.text).not.toContain('Tina')
    }
    expect((await lookup(`/api/certificates/${typo(learner.code)}`)).json.message).toMatch(/typing mistake/)
    // Mistyped codes never reach the database, so they do not use up the client's allowance.
    const [hits] = await testSql()`select coalesce(sum(hits), 0)::int as n from rate_limit_windows where client_key = ${ip}`
    expect(hits!.n).toBe(0)
  })

  it('limits lookups per client with a 429 and Retry-After, without affecting other clients', async () => {
    const ip = randomIp()
    const code = generateCertificateCode()
    let allowed = 0
    let limited: Awaited<ReturnType<typeof lookup>> | undefined
    for (let i = 0; i < 100 && !limited; i++) {
      const res = await lookup(`/api/certificates/${code}`, ip)
      if (res.status === 429) limited = res
      else allowed++
    }
    // 30 a minute; a run that crosses into the next minute may get up to 30 more.
    expect(allowed).toBeGreaterThanOrEqual(30)
    expect(allowed).toBeLessThanOrEqual(60)
    expect(limited!.json.message).toMatch(/Too many certificate checks/)
    const retryAfter = Number(limited!.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    // The page counts against the same allowance (it looks the code up as the visitor) and says so.
    const page = await new Client().request('GET', `/verify/${code}`, undefined, { 'x-forwarded-for': ip })
    expect(page.status).toBe(429)
    expect(page.text).toContain('Too many checks')
    // Another client is unaffected, and the count lives in PostgreSQL (shared by every server instance).
    expect((await lookup(`/api/certificates/${code}`)).status).toBe(404)
    const [row] = await testSql()`select sum(hits)::int as n from rate_limit_windows where client_key = ${ip} and scope = 'certificate-lookup'`
    expect(row!.n).toBeGreaterThan(30)
  })

  it('shows the same states on the verification page', async () => {
    const learner = await completedLearner('Paige Page')
    const valid = await lookup(`/verify/${learner.code}`)
    expect(valid.status).toBe(200)
    expect(valid.text).toContain('This certificate is genuine')
    expect(valid.text).toContain('Paige Page')
    expect(valid.text).toContain('1.5 hours')
    expect(valid.text).toMatch(/name="robots" content="noindex/)
    const mistyped = await lookup(`/verify/${typo(learner.code)}`)
    expect(mistyped.status).toBe(404)
    expect(mistyped.text).toContain('This code has a typing mistake')
    const unknown = await lookup(`/verify/${generateCertificateCode()}`)
    expect(unknown.status).toBe(404)
    expect(unknown.text).toContain('We cannot find this certificate')
    const admin = await adminClient()
    await admin.post(`/api/admin/certificates/${learner.code}/revoke`, { reason: 'Issued in error' })
    const revoked = await lookup(`/verify/${learner.code}`)
    expect(revoked.text).toContain('This certificate has been revoked')
    expect(revoked.text).not.toContain('Paige Page')
  })
})
