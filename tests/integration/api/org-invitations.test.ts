import { describe, expect, it } from 'vitest'
import { Client, PASSWORD, signedInClient, testSql, uniqueEmail } from '../helpers/client'
import { addSeats, invitationToken, invite, openInvitationId, orgWithSeats, seatCounts } from '../helpers/orgs'

const PAID_SECTION = 's3-words-and-definitions'

async function dashboardSeats(lead: Client, orgId: string) {
  const res = await lead.get(`/api/orgs/${orgId}`)
  expect(res.status, res.text).toBe(200)
  return res.json.seats
}

describe('inviting learners and accepting', () => {
  it('a new person accepts by creating their account: the seat is theirs, they are signed in, and the course opens', async () => {
    const lead = await orgWithSeats(3)
    const email = uniqueEmail('newcomer')
    expect(await invite(lead.client, lead.orgId, [email])).toEqual({ invited: 1 })
    expect(await dashboardSeats(lead.client, lead.orgId)).toEqual({ bought: 3, assigned: 0, invited: 1, available: 2 })

    const [mail] = await testSql()<{ subject: string, text: string }[]>`select subject, text from email_outbox where "to" = ${email} and template = 'seat-invitation'`
    expect(mail!.subject).toMatch(/has given you a place/)
    expect(mail!.text).toMatch(/\/invitation#token=[a-z2-7]{32}/)
    const token = await invitationToken(email)

    const visitor = new Client()
    const inspect = await visitor.post('/api/invitations/inspect', { token })
    expect(inspect.status).toBe(200)
    expect(inspect.json).toMatchObject({ role: 'learner', email, mode: 'new_account', organisationName: expect.stringMatching(/^Test Council/) })
    expect(inspect.headers.get('cache-control')).toBe('no-store')

    const missing = await visitor.post('/api/invitations/accept', { token })
    expect(missing.status).toBe(400)
    expect(missing.json.data.code).toBe('account_details_required')
    const weak = await visitor.post('/api/invitations/accept', { token, name: 'Nia Newcomer', password: 'short' })
    expect(weak.status).toBe(400)

    const accepted = await visitor.post('/api/invitations/accept', { token, name: 'Nia Newcomer', password: PASSWORD })
    expect(accepted.status, accepted.text).toBe(200)
    expect(accepted.json).toMatchObject({ role: 'learner', next: '/course', alreadyAccepted: false })
    expect((await visitor.get('/api/auth/me')).json.user).toMatchObject({ email, name: 'Nia Newcomer' })
    expect((await visitor.get(`/api/course/sections/${PAID_SECTION}`)).status).toBe(200)
    expect(await dashboardSeats(lead.client, lead.orgId)).toEqual({ bought: 3, assigned: 1, invited: 0, available: 2 })

    // The link proved the address; the account can sign in normally from now on.
    const [user] = await testSql()<{ email_verified_at: Date | null }[]>`select email_verified_at from users where email = ${email}`
    expect(user!.email_verified_at).not.toBeNull()
    expect((await new Client().post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(200)
    const audit = await testSql()<{ action: string }[]>`select action from audit_log where details like ${`%${lead.orgId}%`} order by at, id`
    expect(audit.map(a => a.action)).toEqual(['invitation.sent', 'invitation.accepted'])
  })

  it('someone with an account accepts by signing in on the invitation page, or just accepts when already signed in', async () => {
    const lead = await orgWithSeats(2)
    const existing = await signedInClient('existing')
    const other = await signedInClient('other')
    await invite(lead.client, lead.orgId, [existing.email, other.email])

    // Signed out: the invitation page asks for the account's password.
    const visitor = new Client()
    const token = await invitationToken(existing.email)
    expect((await visitor.post('/api/invitations/inspect', { token })).json.mode).toBe('existing_account')
    const wrong = await visitor.post('/api/invitations/accept', { token, password: 'not the password at all' })
    expect(wrong.status).toBe(401)
    expect(await seatCounts(lead.orgId)).toMatchObject({ invited: 2, assigned: 0 })
    const ok = await visitor.post('/api/invitations/accept', { token, password: PASSWORD })
    expect(ok.status, ok.text).toBe(200)
    expect((await visitor.get('/api/auth/me')).json.user.email).toBe(existing.email)

    // Signed in as the invited person: the token is enough.
    const otherToken = await invitationToken(other.email)
    expect((await other.client.post('/api/invitations/inspect', { token: otherToken })).json.mode).toBe('signed_in')
    expect((await other.client.post('/api/invitations/accept', { token: otherToken })).status).toBe(200)
    expect(await seatCounts(lead.orgId)).toMatchObject({ invited: 0, assigned: 2 })
  })

  it('refuses someone signed in as a different person, and changes nothing', async () => {
    const lead = await orgWithSeats(1)
    const email = uniqueEmail('intended')
    await invite(lead.client, lead.orgId, [email])
    const token = await invitationToken(email)
    const stranger = await signedInClient('stranger')
    expect((await stranger.client.post('/api/invitations/inspect', { token })).json).toMatchObject({ mode: 'signed_in_as_other', signedInAs: stranger.email })
    const res = await stranger.client.post('/api/invitations/accept', { token })
    expect(res.status).toBe(403)
    expect(res.json.message).toContain(email)
    expect(await seatCounts(lead.orgId)).toMatchObject({ invited: 1, assigned: 0 })
  })
})

describe('invitation links', () => {
  it('work once: the second use is a 410, and no second seat is taken', async () => {
    const lead = await orgWithSeats(2)
    const email = uniqueEmail('once')
    await invite(lead.client, lead.orgId, [email])
    const token = await invitationToken(email)
    expect((await new Client().post('/api/invitations/accept', { token, name: 'Once Only', password: PASSWORD })).status).toBe(200)
    const again = await new Client().post('/api/invitations/accept', { token, name: 'Once Again', password: PASSWORD })
    expect(again.status).toBe(410)
    expect(again.json.data.code).toBe('invitation_used')
    expect((await new Client().post('/api/invitations/inspect', { token })).status).toBe(410)
    expect(await seatCounts(lead.orgId)).toMatchObject({ assigned: 1, available: 1 })
  })

  it('expire after 14 days (410), and the lead can send a fresh one', async () => {
    const lead = await orgWithSeats(1)
    const email = uniqueEmail('late')
    await invite(lead.client, lead.orgId, [email])
    const token = await invitationToken(email)
    const [row] = await testSql()<{ created_at: Date, expires_at: Date }[]>`select created_at, expires_at from invitations where email = ${email}`
    expect(row!.expires_at.getTime() - row!.created_at.getTime()).toBe(14 * 24 * 60 * 60 * 1000)
    await testSql()`update invitations set expires_at = now() - interval '1 second' where email = ${email}`
    const expired = await new Client().post('/api/invitations/accept', { token, name: 'Late Person', password: PASSWORD })
    expect(expired.status).toBe(410)
    expect(expired.json.data.code).toBe('invitation_expired')
    expect((await testSql()`select 1 from users where email = ${email}`).length).toBe(0)

    // Resends are spaced ten minutes apart (issue 18): this one was sent long ago.
    await testSql()`update invitations set sent_at = sent_at - interval '11 minutes' where email = ${email}`
    const resent = await lead.client.post(`/api/orgs/${lead.orgId}/invitations/${await openInvitationId(lead.orgId, email)}/resend`)
    expect(resent.status).toBe(200)
    const fresh = await invitationToken(email)
    expect(fresh).not.toBe(token)
    expect((await new Client().post('/api/invitations/accept', { token: fresh, name: 'Late Person', password: PASSWORD })).status).toBe(200)
  })

  it('are refused when altered (404), and only their hash is stored', async () => {
    const lead = await orgWithSeats(1)
    const email = uniqueEmail('tamper')
    await invite(lead.client, lead.orgId, [email])
    const token = await invitationToken(email)
    const flipped = (token[0] === 'a' ? 'b' : 'a') + token.slice(1)
    for (const altered of [flipped, token.slice(0, -1), `${token}a`, token.toUpperCase(), 'x'.repeat(32)]) {
      const res = await new Client().post('/api/invitations/accept', { token: altered, name: 'Tam Per', password: PASSWORD })
      expect(res.status, altered).toBe(404)
    }
    const stored = await testSql()`select * from invitations where email = ${email}`
    expect(JSON.stringify(stored)).not.toContain(token)
    const columns = await testSql()<{ column_name: string }[]>`select column_name from information_schema.columns where table_name = 'invitations'`
    expect(columns.map(c => c.column_name)).not.toContain('token')
    expect(await seatCounts(lead.orgId)).toMatchObject({ invited: 1, assigned: 0 })
  })

  it('stop working when resent (the old link is 404) or withdrawn (410), and withdrawing frees the seat', async () => {
    const lead = await orgWithSeats(2)
    const [a, b] = [uniqueEmail('resent'), uniqueEmail('withdrawn')]
    await invite(lead.client, lead.orgId, [a, b])
    const oldA = await invitationToken(a)
    await testSql()`update invitations set sent_at = sent_at - interval '11 minutes' where email = ${a}`
    expect((await lead.client.post(`/api/orgs/${lead.orgId}/invitations/${await openInvitationId(lead.orgId, a)}/resend`)).status).toBe(200)
    expect((await new Client().post('/api/invitations/accept', { token: oldA, name: 'Re Sent', password: PASSWORD })).status).toBe(404)

    const tokenB = await invitationToken(b)
    const invitationB = await openInvitationId(lead.orgId, b)
    expect(await dashboardSeats(lead.client, lead.orgId)).toMatchObject({ invited: 2, available: 0 })
    const withdrawn = await lead.client.post(`/api/orgs/${lead.orgId}/invitations/${invitationB}/withdraw`)
    expect(withdrawn.status).toBe(200)
    expect(withdrawn.json.seatFreed).toBe(true)
    expect(await dashboardSeats(lead.client, lead.orgId)).toMatchObject({ invited: 1, available: 1 })
    const late = await new Client().post('/api/invitations/accept', { token: tokenB, name: 'With Drawn', password: PASSWORD })
    expect(late.status).toBe(410)
    expect(late.json.data.code).toBe('invitation_withdrawn')
    const actions = await testSql()<{ action: string }[]>`select action from audit_log where target_id = ${invitationB!} order by at, id`
    expect(actions.map(r => r.action)).toEqual(['invitation.sent', 'invitation.withdrawn'])
  })
})

describe('one person, whatever the case and spaces of their email', () => {
  it('treats case and whitespace variants as one person, in the preview, the send, the acceptance and the seat', async () => {
    const lead = await orgWithSeats(5)
    const base = uniqueEmail('Variant')
    const lower = base.toLowerCase()
    const preview = await lead.client.post(`/api/orgs/${lead.orgId}/invitations/preview`, { text: `  ${base.toUpperCase()}  \n${lower}\n ${base} ` })
    expect(preview.status).toBe(200)
    expect(preview.json.plan.rows.map((r: { email: string, problem: string | null }) => [r.email, r.problem])).toEqual([
      [lower, null], [lower, 'duplicate'], [lower, 'duplicate'],
    ])
    expect(preview.json.plan.ready).toBe(1)

    expect(await invite(lead.client, lead.orgId, [` ${base.toUpperCase()} `])).toEqual({ invited: 1 })
    const [inv] = await testSql()<{ email: string }[]>`select email from invitations where organisation_id = ${lead.orgId}`
    expect(inv!.email).toBe(lower)
    const again = await lead.client.post(`/api/orgs/${lead.orgId}/invitations`, { entries: [{ email: lower }] })
    expect(again.status).toBe(422)
    expect(again.json.data.plan.rows[0].problem).toBe('already_invited')

    // The person signs up through the link; their account is the lower-case address.
    const token = await invitationToken(lower)
    expect((await new Client().post('/api/invitations/accept', { token, name: 'Vera Variant', password: PASSWORD })).status).toBe(200)
    expect((await new Client().post('/api/auth/sign-in', { email: `  ${base.toUpperCase()}`, password: PASSWORD })).status).toBe(200)
    const member = await lead.client.post(`/api/orgs/${lead.orgId}/invitations/preview`, { text: base.toUpperCase() })
    expect(member.json.plan.rows[0].problem).toBe('already_member')
    expect((await testSql()`select 1 from users where lower(email) = ${lower}`).length).toBe(1)
    expect(await seatCounts(lead.orgId)).toMatchObject({ assigned: 1, invited: 0, available: 4 })
  })

  it('keeps one seat per person per organisation even when written straight into the database', async () => {
    const lead = await orgWithSeats(2)
    const person = await signedInClient('twice')
    await invite(lead.client, lead.orgId, [person.email])
    await person.client.post('/api/invitations/accept', { token: await invitationToken(person.email) })
    const sql = testSql()
    await expect(sql`update seats set status = 'assigned', assigned_user_id = ${person.userId}, invited_email = null
      where id = (select id from seats where organisation_id = ${lead.orgId} and status = 'available' limit 1)`).rejects.toThrow(/seats_one_per_user_per_org/)
    await expect(sql`update seats set status = 'invited', invited_email = ${person.email}
      where id = (select id from seats where organisation_id = ${lead.orgId} and status = 'available' limit 1)`).rejects.toThrow(/seats_one_per_email_per_org/)
    await expect(sql`update seats set status = 'invited', invited_email = ${person.email.toUpperCase()}
      where id = (select id from seats where organisation_id = ${lead.orgId} and status = 'available' limit 1)`).rejects.toThrow(/seats_email_normalised/)
    await expect(sql`update seats set invited_email = 'someone@example.org'
      where id = (select id from seats where organisation_id = ${lead.orgId} and status = 'available' limit 1)`).rejects.toThrow(/seats_available_is_free/)
  })
})

describe('the preview and the send', () => {
  it('names each row\'s problem before anything is sent, and sends nobody while any row has one', async () => {
    const lead = await orgWithSeats(3)
    const holder = await signedInClient('holder')
    await invite(lead.client, lead.orgId, [holder.email])
    await holder.client.post('/api/invitations/accept', { token: await invitationToken(holder.email) })
    const pending = uniqueEmail('pending')
    await invite(lead.client, lead.orgId, [pending])
    const [a, b, c] = [uniqueEmail('a'), uniqueEmail('b'), uniqueEmail('c')]
    const text = [`Ann Able <${a}>`, 'not-an-email', a, holder.email, pending, b, c].join('\n')

    const before = await testSql()<{ n: number }[]>`select count(*)::int as n from email_outbox`
    const preview = await lead.client.post(`/api/orgs/${lead.orgId}/invitations/preview`, { text })
    expect(preview.status).toBe(200)
    expect(preview.json.plan.rows.map((r: { problem: string | null }) => r.problem)).toEqual([
      null, 'invalid_email', 'duplicate', 'already_member', 'already_invited', 'not_enough_seats', 'not_enough_seats',
    ])
    expect(preview.json.plan.rows[0]).toMatchObject({ email: a, name: 'Ann Able' })
    expect(preview.json.plan).toMatchObject({ ready: 1, problems: 6, available: 1 })

    const sent = await lead.client.post(`/api/orgs/${lead.orgId}/invitations`, { entries: preview.json.plan.rows.map((r: { email: string }) => ({ email: r.email })) })
    expect(sent.status).toBe(422)
    expect(sent.json.data.code).toBe('invitation_problems')
    const after = await testSql()<{ n: number }[]>`select count(*)::int as n from email_outbox`
    expect(after[0]!.n).toBe(before[0]!.n)
    expect(await seatCounts(lead.orgId)).toMatchObject({ assigned: 1, invited: 1, available: 1 })

    // Two ready people but one free seat: still all or nothing.
    const two = await lead.client.post(`/api/orgs/${lead.orgId}/invitations`, { entries: [{ email: b }, { email: c }] })
    expect(two.status).toBe(422)
    expect((await testSql()`select 1 from invitations where email in (${b}, ${c})`).length).toBe(0)
    await addSeats(lead.orgId, 1)
    expect((await lead.client.post(`/api/orgs/${lead.orgId}/invitations`, { entries: [{ email: b, name: 'Bea B' }, { email: c }] })).status).toBe(201)
    expect(await seatCounts(lead.orgId)).toMatchObject({ assigned: 1, invited: 3, available: 0 })
  })
})

describe('CSV uploads', () => {
  const upload = (client: Client, orgId: string, body: string | Uint8Array<ArrayBuffer>, type = 'text/csv') =>
    fetch(`${client.baseUrl}/api/orgs/${orgId}/invitations/csv`, {
      method: 'POST',
      headers: { 'content-type': type, 'origin': client.baseUrl, 'cookie': `__Host-session=${client.sessionToken}` },
      body,
    }).then(async res => ({ status: res.status, json: await res.json().catch(() => null) }))

  it('reads a spreadsheet\'s CSV with a header row and shows each bad row\'s problem', async () => {
    const lead = await orgWithSeats(10)
    const [a, b] = [uniqueEmail('csv-a'), uniqueEmail('csv-b')]
    const csv = `\uFEFFFirst name,Last name,Email\r\nAnn,"Able, Jr",${a}\r\nBo,Bee,bo-at-example.org\r\n,,\r\nCy,"Cee ""C""",${a.toUpperCase()}\r\nDi,Dee,${b}\r\n`
    const res = await upload(lead.client, lead.orgId, csv)
    expect(res.status).toBe(200)
    expect(res.json.plan.rows).toEqual([
      { line: 2, email: a, name: 'Ann Able, Jr', team: null, dueOn: null, problem: null, message: null },
      expect.objectContaining({ line: 3, problem: 'invalid_email' }),
      expect.objectContaining({ line: 5, email: a, name: 'Cy Cee "C"', problem: 'duplicate' }),
      expect.objectContaining({ line: 6, email: b, problem: null }),
    ])
    expect(await seatCounts(lead.orgId)).toMatchObject({ invited: 0, available: 10 })
  })

  it('keeps cells starting with =, +, - or @ as plain text, and writes them back neutralised in the report', async () => {
    const lead = await orgWithSeats(10)
    // (A name with a web address is refused outright: see security-hardening.test.ts.)
    const names = ['=HYPERLINK("#evil","x")', '+1+1', '-2-3', '@SUM(A1)']
    const emails = names.map((_, i) => uniqueEmail(`formula${i}`))
    const csv = `email,name\n${emails.map((e, i) => `${e},"${names[i]!.replace(/"/g, '""')}"`).join('\n')}\n=cmd|' /C calc'!A0,oops\n`
    const res = await upload(lead.client, lead.orgId, csv)
    expect(res.status).toBe(200)
    expect(res.json.plan.rows.slice(0, 4).map((r: { name: string, problem: string | null }) => [r.name, r.problem])).toEqual(names.map(n => [n, null]))
    expect(res.json.plan.rows[4]).toMatchObject({ problem: 'invalid_email' })

    const ready = res.json.plan.rows.filter((r: { problem: string | null }) => !r.problem)
    expect((await lead.client.post(`/api/orgs/${lead.orgId}/invitations`, { entries: ready.map((r: { email: string, name: string }) => ({ email: r.email, name: r.name })) })).status).toBe(201)
    const report = await lead.client.get(`/api/orgs/${lead.orgId}/report.csv`)
    expect(report.status).toBe(200)
    for (const name of names) expect(report.text).toContain(`'${name[0]}`)
    expect(report.text).toContain(`"'=HYPERLINK(""#evil"",""x"")"`)
    expect(report.text).not.toMatch(/(^|,)[=+\-@]/m)
  })

  it('refuses a file over 1 MB (413), another kind of file (415), a binary file (415) and broken CSV (400), inviting nobody', async () => {
    const lead = await orgWithSeats(5)
    const huge = `email\n${Array.from({ length: 60_000 }, (_, i) => `person${i}@example.org`).join('\n')}\n`
    expect(huge.length).toBeGreaterThan(1024 * 1024)
    const tooBig = await upload(lead.client, lead.orgId, huge)
    expect(tooBig.status).toBe(413)
    expect(tooBig.json.message).toMatch(/too large/)
    expect((await upload(lead.client, lead.orgId, 'email\na@example.org\n', 'application/json')).status).toBe(415)
    expect((await upload(lead.client, lead.orgId, 'email\na@example.org\n', 'image/png')).status).toBe(415)
    const zip = new Uint8Array([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00])
    const binary = await upload(lead.client, lead.orgId, zip)
    expect(binary.status).toBe(415)
    expect(binary.json.message).toMatch(/CSV UTF-8/)
    const broken = await upload(lead.client, lead.orgId, 'email,name\n"a@example.org,Unclosed\n')
    expect(broken.status).toBe(400)
    expect((await upload(lead.client, lead.orgId, '\n\n')).status).toBe(400)
    expect((await testSql()`select 1 from invitations where organisation_id = ${lead.orgId}`).length).toBe(0)
  })

  it('reads a Windows-1252 file from Excel without garbling accents', async () => {
    const lead = await orgWithSeats(2)
    const email = uniqueEmail('accent')
    const bytes = new Uint8Array([...new TextEncoder().encode(`${email},Ren`), 0xE9, ...new TextEncoder().encode(' Dupont\r\n')])
    const res = await upload(lead.client, lead.orgId, bytes, 'application/vnd.ms-excel')
    expect(res.status).toBe(200)
    expect(res.json.plan.rows[0]).toMatchObject({ email, name: 'René Dupont', problem: null })
  })
})
