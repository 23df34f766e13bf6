import { describe, expect, it } from 'vitest'
import { Client, PASSWORD, signedInClient, testSql, tokenFromLatestEmail, uniqueEmail } from '../helpers/client'

describe('sign up and email verification', () => {
  it('signs in on confirmation only in the browser that signed up, so a link cannot hand anyone an account someone else opened', async () => {
    // Someone opens an account in another person's name, with a password of their own.
    const opener = new Client()
    const email = uniqueEmail('pre-hijack')
    expect((await opener.post('/api/auth/sign-up', { name: 'Not Them', email, password: PASSWORD })).status).toBe(202)
    const token = await tokenFromLatestEmail(email, 'Confirm your email address')

    // The real owner opens the link in their own browser: the address is confirmed, and nobody is signed in.
    const owner = new Client()
    const confirmed = await owner.post('/api/auth/verify-email', { token })
    expect(confirmed.status).toBe(200)
    expect(confirmed.json).toMatchObject({ signedIn: false })
    expect(owner.sessionToken).toBeUndefined()
    expect((await owner.get('/api/auth/me')).json.user).toBeNull()
    const [row] = await testSql()<{ verified: boolean }[]>`select email_verified_at is not null as verified from users where email = ${email}`
    expect(row!.verified).toBe(true)

    // A link someone sends from their own sign-up does not sign the reader into the sender's account either.
    const sender = new Client()
    const senderEmail = uniqueEmail('login-csrf')
    await sender.post('/api/auth/sign-up', { name: 'Sender', email: senderEmail, password: PASSWORD })
    const sent = await tokenFromLatestEmail(senderEmail, 'Confirm your email address')
    const reader = await signedInClient('csrf-reader')
    const opened = await reader.client.post('/api/auth/verify-email', { token: sent })
    expect(opened.json).toMatchObject({ signedIn: false })
    expect((await reader.client.get('/api/auth/me')).json.user).toMatchObject({ email: reader.email })
  })

  it('signs up, refuses sign-in until the email is confirmed, then signs in and out', async () => {
    const client = new Client()
    const email = uniqueEmail('ann')
    const signUp = await client.post('/api/auth/sign-up', { name: 'Ann Carer', email: email.toUpperCase(), password: PASSWORD })
    expect(signUp.status).toBe(202)
    expect(signUp.json.message).toMatch(/check your email/i)
    expect(client.sessionToken).toBeUndefined()

    const early = await client.post('/api/auth/sign-in', { email, password: PASSWORD })
    expect(early.status).toBe(403)
    expect(early.json.data.code).toBe('email_unverified')

    const token = await tokenFromLatestEmail(email, 'Confirm your email address')
    const verified = await client.post('/api/auth/verify-email', { token })
    expect(verified.status).toBe(200)
    // Confirming signs the person in (the link proved the inbox is theirs), with a fresh session cookie.
    expect(verified.headers.getSetCookie().join('\n')).toMatch(/__Host-session=/)
    expect((await client.get('/api/auth/me')).json.user).toMatchObject({ email: email.toLowerCase(), hasLicence: false, hasScorm: false })
    const reused = await client.post('/api/auth/verify-email', { token })
    expect(reused.status).toBe(410)
    expect(reused.json.message).toMatch(/already been used/)

    const signIn = await client.post('/api/auth/sign-in', { email, password: PASSWORD })
    expect(signIn.status).toBe(200)
    const cookie = signIn.headers.getSetCookie().join('\n')
    expect(cookie).toMatch(/__Host-session=/)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).toMatch(/Secure/i)
    expect(cookie).toMatch(/Path=\//i)
    expect((await client.get('/api/auth/me')).json.user).toMatchObject({ name: 'Ann Carer', email: email.toLowerCase() })

    const token1 = client.sessionToken!
    expect((await client.post('/api/auth/sign-out')).status).toBe(200)
    expect((await client.get('/api/auth/me')).json.user).toBeNull()
    // The old token is dead on the server, not only forgotten by the browser.
    const replay = new Client()
    replay.cookies.set('__Host-session', token1)
    expect((await replay.get('/api/auth/me')).json.user).toBeNull()
  })

  it('gives the same answer for an email that is already registered, and creates no second account', async () => {
    const { email } = await signedInClient('dup')
    const again = await new Client().post('/api/auth/sign-up', { name: 'Someone Else', email, password: 'another long passphrase' })
    expect(again.status).toBe(202)
    expect(again.json.message).toMatch(/check your email/i)
    const sql = testSql()
    const users = await sql`select name from users where email = ${email}`
    expect(users).toHaveLength(1)
    expect(users[0]!.name).toBe('Test dup')
    const [mail] = await sql`select subject from email_outbox where "to" = ${email} order by created_at desc limit 1`
    expect(mail!.subject).toBe('You already have an account')
  })

  it('refuses weak passwords and bad input with a clear 400', async () => {
    const client = new Client()
    const common = await client.post('/api/auth/sign-up', { name: 'A', email: uniqueEmail(), password: 'password123' })
    expect(common.status).toBe(400)
    expect(common.json.message).toMatch(/too common/)
    const short = await client.post('/api/auth/sign-up', { name: 'A', email: uniqueEmail(), password: 'short' })
    expect(short.status).toBe(400)
    expect(short.json.message).toMatch(/at least 10 characters/)
    const long = await client.post('/api/auth/sign-up', { name: 'A', email: uniqueEmail(), password: 'x'.repeat(129) })
    expect(long.status).toBe(400)
    const badJson = await client.post('/api/auth/sign-up', '{"name":')
    expect(badJson.status).toBe(400)
    expect(badJson.json.message).toMatch(/not valid JSON/)
    const wrongTypes = await client.post('/api/auth/sign-up', { name: 42, email: ['x'], password: null })
    expect(wrongTypes.status).toBe(400)
    const badLink = await client.post('/api/auth/verify-email', { token: 'not-a-real-token' })
    expect(badLink.status).toBe(400)
    expect(badLink.json.message).toMatch(/not valid/)
  })
})

describe('forgotten password', () => {
  it('resets with a single-use link, ends every session, and says nothing about unknown emails', async () => {
    const { client, email } = await signedInClient('reset')
    const anon = new Client()
    const known = await anon.post('/api/auth/forgot-password', { email })
    const unknown = await anon.post('/api/auth/forgot-password', { email: uniqueEmail('nobody') })
    expect(known.status).toBe(202)
    expect(unknown.status).toBe(202)
    expect(unknown.json).toEqual(known.json)

    const token = await tokenFromLatestEmail(email, 'Reset your password')
    const weak = await anon.post('/api/auth/reset-password', { token, password: '1234567890' })
    expect(weak.status).toBe(400)
    // A refused password does not use up the link.
    const ok = await anon.post('/api/auth/reset-password', { token, password: 'a brand new passphrase' })
    expect(ok.status).toBe(200)
    expect((await anon.post('/api/auth/reset-password', { token, password: 'yet another passphrase' })).status).toBe(410)

    expect((await client.get('/api/auth/me')).json.user).toBeNull()
    expect((await anon.post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(401)
    expect((await anon.post('/api/auth/sign-in', { email, password: 'a brand new passphrase' })).status).toBe(200)
  })

  it('refuses an expired link', async () => {
    const { email } = await signedInClient('expiry')
    const anon = new Client()
    await anon.post('/api/auth/forgot-password', { email })
    const token = await tokenFromLatestEmail(email, 'Reset your password')
    await testSql()`update email_tokens set expires_at = now() - interval '1 second' where purpose = 'reset_password' and user_id = (select id from users where email = ${email})`
    const res = await anon.post('/api/auth/reset-password', { token, password: 'a brand new passphrase' })
    expect(res.status).toBe(410)
    expect(res.json.message).toMatch(/expired/)
  })
})

describe('sessions', () => {
  it('changing the password ends the other sessions but keeps this one', async () => {
    const { client: phone, email } = await signedInClient('change')
    const laptop = new Client()
    expect((await laptop.post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(200)
    const wrong = await phone.post('/api/auth/change-password', { currentPassword: 'not my password', newPassword: 'a changed passphrase' })
    expect(wrong.status).toBe(400)
    const res = await phone.post('/api/auth/change-password', { currentPassword: PASSWORD, newPassword: 'a changed passphrase' })
    expect(res.status).toBe(200)
    expect((await phone.get('/api/auth/me')).json.user?.email).toBe(email)
    expect((await laptop.get('/api/auth/me')).json.user).toBeNull()
  })

  it('expires after the idle timeout', async () => {
    const { client, userId } = await signedInClient('idle')
    await testSql()`update sessions set last_verified_at = now() - interval '8 days' where user_id = ${userId}`
    expect((await client.get('/api/auth/me')).json.user).toBeNull()
    expect((await client.post('/api/auth/change-password', { currentPassword: PASSWORD, newPassword: 'whatever passphrase' })).status).toBe(401)
    expect(await testSql()`select id from sessions where user_id = ${userId}`).toHaveLength(0)
  })

  it('expires at the absolute lifetime however active the user is', async () => {
    const { client, userId } = await signedInClient('absolute')
    await testSql()`update sessions set created_at = now() - interval '31 days', last_verified_at = now() where user_id = ${userId}`
    expect((await client.get('/api/auth/me')).json.user).toBeNull()
  })

  it('renews activity at most hourly', async () => {
    const { client, userId } = await signedInClient('touch')
    await testSql()`update sessions set last_verified_at = now() - interval '2 hours' where user_id = ${userId}`
    const res = await client.get('/api/auth/me')
    expect(res.json.user).not.toBeNull()
    expect(res.headers.getSetCookie().join()).toMatch(/__Host-session=/)
    const [row] = await testSql()`select now() - last_verified_at < interval '1 minute' as fresh from sessions where user_id = ${userId}`
    expect(row!.fresh).toBe(true)
  })

  it('never keeps a token set before sign-in (session fixation)', async () => {
    const attacker = await signedInClient('attacker')
    const planted = attacker.client.sessionToken!
    const { email } = await signedInClient('victim')
    const victim = new Client()
    victim.cookies.set('__Host-session', planted)
    const res = await victim.post('/api/auth/sign-in', { email, password: PASSWORD })
    expect(res.status).toBe(200)
    expect(victim.sessionToken).toBeDefined()
    expect(victim.sessionToken).not.toBe(planted)
    expect((await victim.get('/api/auth/me')).json.user.email).toBe(email)
    const replay = new Client()
    replay.cookies.set('__Host-session', planted)
    expect((await replay.get('/api/auth/me')).json.user).toBeNull()
  })

  it('refuses a token whose id is right but whose secret is not', async () => {
    const { client } = await signedInClient('forged')
    const [id] = client.sessionToken!.split('.')
    const forged = new Client()
    forged.cookies.set('__Host-session', `${id}.${'a'.repeat(32)}`)
    expect((await forged.get('/api/auth/me')).json.user).toBeNull()
  })
})

describe('cross-site requests', () => {
  it.each([
    ['another site', { origin: 'https://evil.example' }],
    ['a look-alike host', { origin: 'http://127.0.0.1.evil.example' }],
    ['a null origin', { origin: 'null' }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
  ])('refuses a POST from %s with 403', async (_label, headers) => {
    const { client } = await signedInClient('csrf')
    const res = await client.post('/api/auth/sign-out', {}, headers)
    expect(res.status).toBe(403)
    expect((await client.get('/api/auth/me')).json.user).not.toBeNull()
  })

  it('refuses a POST with no Origin at all', async () => {
    const client = new Client(null)
    const res = await client.post('/api/auth/sign-in', { email: uniqueEmail(), password: PASSWORD })
    expect(res.status).toBe(403)
  })
})

describe('sign-in throttling', () => {
  it('answers the sixth failure within 15 minutes with 429 and Retry-After, even with the right password', async () => {
    const { email } = await signedInClient('throttle')
    const attacker = new Client()
    for (let i = 0; i < 5; i++) {
      const res = await attacker.post('/api/auth/sign-in', { email, password: `wrong guess ${i}` })
      expect(res.status).toBe(401)
      expect(res.json.message).toMatch(/do not match an account/)
    }
    const sixth = await attacker.post('/api/auth/sign-in', { email, password: PASSWORD })
    expect(sixth.status).toBe(429)
    const retryAfter = Number(sixth.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)

    // Once the failures are older than the window, the right password works again.
    await testSql()`update sign_in_failures set at = at - interval '16 minutes' where email_key = ${email}`
    expect((await attacker.post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(200)
  })

  it('throttles unknown emails the same way, so it reveals nothing', async () => {
    const email = uniqueEmail('ghost')
    const client = new Client()
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await client.post('/api/auth/sign-in', { email, password: `guess number ${i}` })).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
  })

  it('holds under concurrent guesses', async () => {
    const { email } = await signedInClient('burst')
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      new Client().post('/api/auth/sign-in', { email, password: `parallel guess ${i}` })))
    expect(results.filter(r => r.status === 401)).toHaveLength(5)
    expect(results.filter(r => r.status === 429)).toHaveLength(7)
  })
})

describe('stored secrets', () => {
  it('keeps no session, verification or reset token in plain text in any table', async () => {
    const { client, email } = await signedInClient('secrets')
    await new Client().post('/api/auth/forgot-password', { email })
    const resetToken = await tokenFromLatestEmail(email, 'Reset your password')
    const verifyToken = await tokenFromLatestEmail(email, 'Confirm your email address')
    const [sessionId, sessionSecret] = client.sessionToken!.split('.')
    const sql = testSql()
    const tables = await sql<{ table_name: string }[]>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`
    expect(tables.length).toBeGreaterThan(3)
    for (const { table_name } of tables) {
      if (table_name === 'email_outbox') continue // the outgoing mail itself must carry the link
      const rows = await sql.unsafe(`select * from "${table_name}"`)
      const dump = JSON.stringify(rows, (_k, v) => v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)
      expect(dump, table_name).not.toContain(sessionSecret)
      expect(dump, table_name).not.toContain(resetToken)
      expect(dump, table_name).not.toContain(verifyToken)
    }
    // The session id is stored (it is the lookup key); the secret is not.
    expect(await sql`select id from sessions where id = ${sessionId!}`).toHaveLength(1)
    const [{ password_hash }] = await sql`select password_hash from users where email = ${email}` as unknown as [{ password_hash: string }]
    expect(password_hash).toMatch(/^\$argon2id\$/)
  })
})
