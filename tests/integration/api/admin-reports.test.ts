import { generateCertificateCode } from '#shared/certificate-code'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import { zipTexts } from '../../support/unzip'
import { Client, testSql } from '../helpers/client'
import { addOrganisation, quickSignedInPeople } from '../helpers/orgs'
import { signedInAdmin } from '../helpers/admin'

/**
 * Learners dated in 2001, a year no other test writes, so date filters select exactly these people even
 * though the integration database is shared. Names carry the awkward cases: formula starts, quotes,
 * commas, accents and a leading space.
 */
const PEOPLE = {
  zoe: { name: 'Zoë Completed', org: 'A', started: '2001-03-01T10:00:00Z', completed: '2001-03-15T10:00:00Z', attempts: [[60, false], [88, true]], certificate: 'current', seconds: [1800, 1200, 120], record: { s0: 30, s1: 20 } },
  formula: { name: '=HYPERLINK("http://evil.example","x")', org: 'A', started: '2001-05-10T10:00:00Z', completed: null, attempts: [[55, false]], certificate: null, seconds: [600] },
  quoted: { name: '@Amy, "Quoted"', org: 'A', started: null, completed: null, attempts: [], certificate: null, seconds: [], licensed: '2001-06-01T10:00:00Z' },
  // 23:30 UTC in July is 00:30 the next day in the UK: the report's dates are UK days.
  minus: { name: '-Minus Learner', org: 'A', started: '2001-06-20T10:00:00Z', completed: '2001-07-01T23:30:00Z', attempts: [[75, true]], certificate: 'revoked', seconds: [20] },
  plus: { name: '+Plus Person', org: 'B', started: '2001-08-01T10:00:00Z', completed: '2001-08-20T10:00:00Z', attempts: [[100, true]], certificate: 'current', seconds: [] },
  own: { name: ' Leading Space', org: null, started: '2001-09-09T10:00:00Z', completed: null, attempts: [], certificate: null, seconds: [90] },
} as const
type Key = keyof typeof PEOPLE


let admin: Awaited<ReturnType<typeof signedInAdmin>>
let learnerClient: Client
const orgName = { A: 'Réseau d\'Accueil, "Test" Trust', B: `Borough ${Date.now()}` }
const orgId: Record<'A' | 'B', string> = { A: '', B: '' }
const email = {} as Record<Key, string>
const code = {} as Record<Key, string>

beforeAll(async () => {
  const sql = testSql()
  admin = await signedInAdmin()
  orgId.A = await addOrganisation(admin.userId, orgName.A)
  orgId.B = await addOrganisation(admin.userId, orgName.B)
  const keys = Object.keys(PEOPLE) as Key[]
  const people = await quickSignedInPeople(keys.length, 'report')
  learnerClient = people[0]!.client
  for (const [i, key] of keys.entries()) {
    const p = PEOPLE[key]
    const { userId } = people[i]!
    email[key] = people[i]!.email
    await sql`update users set name = ${p.name} where id = ${userId}`
    const [seat] = await sql<{ id: string }[]>`insert into seats (organisation_id, status, assigned_user_id, invited_email, created_at)
      values (${p.org ? orgId[p.org] : null}, 'assigned', ${userId}, ${p.org ? email[key] : null}, ${'licensed' in p ? p.licensed : '2001-01-02T10:00:00Z'}) returning id`
    if (!p.started) continue
    const [enrolment] = await sql<{ id: string }[]>`insert into enrolments (user_id, course_version, seat_id, started_at, last_active_at, completed_at)
      values (${userId}, 1, ${seat!.id}, ${p.started}, ${p.started}, ${p.completed}) returning id`
    for (const [n, [score, passed]] of p.attempts.entries()) {
      await sql`insert into assessment_attempts (enrolment_id, attempt_number, question_ids, answers, score_percent, passed, submitted_at)
        values (${enrolment!.id}, ${n + 1}, '[]', '{}', ${score}, ${passed}, ${p.started})`
    }
    // What the completion recorded: minutes per section then (section s2 was reread after completing).
    if ('record' in p) await sql`update enrolments set completion_minutes = ${sql.json(p.record)}, completion_score = 88 where id = ${enrolment!.id}`
    for (const [n, seconds] of p.seconds.entries()) {
      await sql`insert into section_progress (enrolment_id, section_id, status, active_seconds) values (${enrolment!.id}, ${`s${n}`}, 'in_progress', ${seconds})`
    }
    // As each credit does, the enrolment keeps the running total of its sections' time.
    await sql`update enrolments set active_seconds = ${p.seconds.reduce((a: number, b: number) => a + b, 0)} where id = ${enrolment!.id}`
    if (p.certificate) {
      // An earlier, superseded certificate must not appear: only the current one does.
      await sql`insert into certificates (enrolment_id, code, learner_name, course_title, cpd_minutes, completed_at, issued_at, superseded_at)
        values (${enrolment!.id}, ${generateCertificateCode()}, null, 'Course', 60, ${p.completed}, ${p.completed}, ${p.completed})`
      code[key] = generateCertificateCode()
      await sql`insert into certificates (enrolment_id, code, learner_name, course_title, cpd_minutes, completed_at, issued_at, revoked_at, revoked_reason)
        values (${enrolment!.id}, ${code[key]}, ${p.name}, 'Course', 60, ${p.completed}, ${p.completed},
          ${p.certificate === 'revoked' ? p.completed : null}, ${p.certificate === 'revoked' ? 'test' : null})`
    }
  }
  // Seats nobody holds are not in the report: free, invited and revoked ones.
  await sql`insert into seats (organisation_id, status, created_at) values (${orgId.A}, 'available', '2001-01-02')`
  await sql`insert into seats (organisation_id, status, invited_email, created_at) values (${orgId.A}, 'invited', ${`invited.${Date.now()}@example.org`}, '2001-01-02')`
  await sql`insert into seats (organisation_id, status, revoked_at, created_at) values (${orgId.A}, 'revoked', now(), '2001-01-02')`
})

type Filters = Record<string, string>
const qs = (filters: Filters) => new URLSearchParams(filters).toString()

async function csv(filters: Filters) {
  const res = await fetch(`${admin.client.baseUrl}/api/admin/reports/completions.csv?${qs(filters)}`, { headers: { cookie: `__Host-session=${admin.client.sessionToken}` } })
  const bytes = Buffer.from(await res.arrayBuffer())
  expect(res.status, bytes.toString()).toBe(200)
  const [header, ...rows] = parse(bytes, { bom: true }) as string[][]
  return { res, bytes, text: bytes.toString('utf8'), header: header!, rows }
}

async function count(filters: Filters) {
  const res = await admin.client.get(`/api/admin/reports/completions/count?${qs(filters)}`)
  expect(res.status, res.text).toBe(200)
  return res.json.rows as number
}

/** The emails of our people in a report, sorted. */
const ours = (rows: string[][]) => rows.map(r => r[1]!).filter(e => Object.values(email).includes(e)).sort()
const emailsOf = (...keys: Key[]) => keys.map(k => email[k]).sort()

describe('the completion report', () => {
  it('is for platform admins only: signed out 401, anyone else 403', async () => {
    const anonymous = new Client()
    for (const path of ['/api/admin/reports/completions.csv', '/api/admin/reports/completions.xlsx', '/api/admin/reports/completions/count', '/api/admin/reports/organisations']) {
      expect((await anonymous.get(path)).status, path).toBe(401)
      const res = await learnerClient.get(path)
      expect(res.status, path).toBe(403)
      expect(res.text).not.toContain(email.zoe)
    }
  })

  it('writes one row per licence held, with every column, quoted and neutralised for spreadsheets', async () => {
    const { res, bytes, text, header, rows } = await csv({ organisationId: orgId.A })
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="completions-\d{4}-\d{2}-\d{2}\.csv"$/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect([...bytes.subarray(0, 3)]).toEqual([0xEF, 0xBB, 0xBF])
    expect(text.split('\r\n').length).toBe(rows.length + 2)
    expect(header).toEqual(['Learner name', 'Email', 'Organisation', 'Seat status', 'Started', 'Completed', 'Final score (%)', 'Certificate code', 'Active time (minutes)', 'Minutes by section'])
    const byEmail = Object.fromEntries(rows.map(r => [r[1], r]))
    expect(rows.map(r => r[1]).sort()).toEqual(emailsOf('zoe', 'formula', 'quoted', 'minus'))
    expect(byEmail[email.zoe]).toEqual(['Zoë Completed', email.zoe, orgName.A, 'Completed', '2001-03-01', '2001-03-15', '88', code.zoe, '52', 's0 30; s1 20'])
    expect(byEmail[email.formula]).toEqual(['\'=HYPERLINK("http://evil.example","x")', email.formula, orgName.A, 'In progress', '2001-05-10', '', '55', '', '10', 's0 10'])
    expect(byEmail[email.quoted]).toEqual(['\'@Amy, "Quoted"', email.quoted, orgName.A, 'Not started', '', '', '', '', '0', ''])
    expect(byEmail[email.minus]).toEqual(['\'-Minus Learner', email.minus, orgName.A, 'Completed', '2001-06-20', '2001-07-02', '75', `${code.minus} (revoked)`, '1', 's0 0'])
    // The raw text, as RFC 4180 has it: quotes doubled, the field quoted, the apostrophe inside.
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"",""x"")"')
    expect(text).toContain('"Réseau d\'Accueil, ""Test"" Trust"')
  })

  it('matches the database for each filter, and the preview counts the same rows', async () => {
    const year = { from: '2001-01-01', to: '2001-12-31' }
    const cases: [Filters, Key[]][] = [
      [year, ['zoe', 'formula', 'quoted', 'minus', 'plus', 'own']],
      [{ ...year, organisationId: orgId.B }, ['plus']],
      [{ ...year, organisationId: 'individual' }, ['own']],
      [{ organisationId: orgId.A, status: 'completed' }, ['zoe', 'minus']],
      [{ organisationId: orgId.A, status: 'in_progress' }, ['formula']],
      [{ organisationId: orgId.A, status: 'not_started' }, ['quoted']],
      [{ ...year, status: 'completed' }, ['zoe', 'minus', 'plus']],
      // Completed 23:30 UTC on 1 July 2001, which is 2 July in the UK.
      [{ from: '2001-07-02', to: '2001-07-02' }, ['minus']],
      [{ from: '2001-07-01', to: '2001-07-01' }, []],
      // Not started: by licence date (1 June); in progress: by start date (10 May).
      [{ from: '2001-05-10', to: '2001-06-01' }, ['formula', 'quoted']],
      [{ organisationId: orgId.A, from: '2001-03-15', to: '2001-03-15', status: 'all' }, ['zoe']],
    ]
    for (const [filters, expected] of cases) {
      const { rows } = await csv(filters)
      expect(ours(rows), JSON.stringify(filters)).toEqual(emailsOf(...expected))
      expect(await count(filters), JSON.stringify(filters)).toBe(rows.length)
    }
    // With dates in 2001 or one of our organisations, nobody else's rows come in.
    expect((await csv(year)).rows).toHaveLength(6)
    const own = (await csv({ ...year, organisationId: 'individual' })).rows[0]!
    expect(own).toEqual([' Leading Space', email.own, 'Individual licence', 'In progress', '2001-09-09', '', '', '', '2', 's0 1'])
  })

  it('covers every licence held and nothing else when unfiltered', async () => {
    // A refresher's licence is not a row of its own: the person's row is their first licence, showing their latest completion.
    const [held] = await testSql()<{ n: number }[]>`select count(*)::int as n from seats where status = 'assigned' and purpose = 'first'`
    const { rows } = await csv({})
    expect(rows).toHaveLength(held!.n)
    expect(await count({})).toBe(held!.n)
    // Grouped by organisation, licences of the learners' own last.
    const orgs = rows.map(r => r[2])
    const firstOwn = orgs.indexOf('Individual licence')
    expect(firstOwn).toBeGreaterThan(-1)
    expect(orgs.slice(firstOwn).every(o => o === 'Individual licence')).toBe(true)
    // Each organisation's rows are together, the organisations in order of name, and within one the learners by name.
    const runs = orgs.filter((o, i) => o !== orgs[i - 1])
    expect(new Set(runs).size).toBe(runs.length)
    const named = runs.slice(0, -1)
    expect(named).toEqual([...named].sort((a, b) => Buffer.compare(Buffer.from(a!), Buffer.from(b!))))
    const ofA = rows.filter(r => r[2] === orgName.A).map(r => r[0]!.replace(/^'/, '').toLowerCase())
    expect(ofA).toEqual([...ofA].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))))
  })

  it('refuses filters that make no sense, saying why', async () => {
    const cases: [Filters, string][] = [
      [{ organisationId: 'nope' }, 'Choose an organisation from the list.'],
      [{ status: 'finished' }, 'The status must be not_started, in_progress, completed or all.'],
      [{ from: '01/02/2001' }, 'The start date must be a date like 2026-03-31.'],
      [{ from: '2001-02-02', to: '2001-02-01' }, 'The start date must be on or before the end date.'],
    ]
    for (const [filters, message] of cases) {
      for (const path of ['completions.csv', 'completions.xlsx', 'completions/count']) {
        const res = await admin.client.get(`/api/admin/reports/${path}?${qs(filters)}`)
        expect(res.status, `${path} ${JSON.stringify(filters)}`).toBe(400)
        expect(res.json.message).toContain(message)
      }
    }
  })

  it('exports the same rows as an Excel workbook, with text as text and dates as dates', async () => {
    const res = await fetch(`${admin.client.baseUrl}/api/admin/reports/completions.xlsx?${qs({ organisationId: orgId.A })}`, { headers: { cookie: `__Host-session=${admin.client.sessionToken}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="completions-\d{4}-\d{2}-\d{2}\.xlsx"$/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const files = await zipTexts(Buffer.from(await res.arrayBuffer()))
    expect([...files.keys()].sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'])
    const sheet = files.get('xl/worksheets/sheet1.xml')!
    const rows = [...sheet.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)]
    expect(rows).toHaveLength(5)
    expect(sheet).not.toContain('<f>')
    // A formula-like name is an inline string, exactly as typed (no apostrophe needed in a workbook).
    expect(sheet).toContain('<is><t>=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)</t></is>')
    const zoe = rows.find(r => r[2]!.includes(email.zoe))![2]!
    // 15 March 2001 is Excel day 36965, shown with the date style.
    expect(zoe).toMatch(/<c r="F\d+" s="2"><v>36965<\/v><\/c>/)
    expect(zoe).toMatch(/<c r="G\d+"><v>88<\/v><\/c>/)
    expect(zoe).toContain('Zoë Completed')
    expect(zoe).toContain('<t>s0 30; s1 20</t>')
  })

  it('records each export in the audit log with its filters', async () => {
    await csv({ organisationId: orgId.B, status: 'completed' })
    const [entry] = await testSql()<{ target_type: string, target_id: string, details: string }[]>`
      select target_type, target_id, details from audit_log where actor_id = ${admin.userId} and action = 'report.exported' order by at desc limit 1`
    expect(entry).toMatchObject({ target_type: 'organisation', target_id: orgId.B })
    const details = typeof entry!.details === 'string' ? JSON.parse(entry!.details) : entry!.details
    expect(details).toEqual({ report: 'completions', format: 'csv', filters: { organisationId: orgId.B, status: 'completed' } })
  })

  it('lists organisations for the filter', async () => {
    const res = await admin.client.get('/api/admin/reports/organisations')
    expect(res.status).toBe(200)
    expect(res.json.organisations).toEqual(expect.arrayContaining([{ id: orgId.A, name: orgName.A, learners: 4 }, { id: orgId.B, name: orgName.B, learners: 1 }]))
  })
})
