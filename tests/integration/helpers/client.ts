import { inject } from 'vitest'
import postgres from 'postgres'

/** A browser-like HTTP client: keeps its own cookies and sends this site's Origin on every request. */
export class Client {
  cookies = new Map<string, string>()

  /** `baseUrl` is the shared test server unless a test starts a server of its own. */
  constructor(private origin: string | null = inject('baseUrl'), readonly baseUrl: string = inject('baseUrl')) {}

  get sessionToken() {
    return this.cookies.get('__Host-session')
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(this.baseUrl + path, {
      method,
      redirect: 'manual',
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.origin ? { origin: this.origin } : {}),
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, ...rest] = pair!.split('=')
      const value = rest.join('=')
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line)) this.cookies.delete(name!.trim())
      else this.cookies.set(name!.trim(), value)
    }
    const text = await res.text()
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON the API returned
    let json: any = null
    try {
      json = text ? JSON.parse(text) : null
    }
    catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, json, text }
  }

  get(path: string) {
    return this.request('GET', path)
  }

  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body ?? {}, headers)
  }
}

let sql: postgres.Sql | undefined

/** Direct access to the test database, to check what is stored and to move clocks backwards. */
export function testSql() {
  sql ??= postgres(inject('databaseUrl'), { max: 2, onnotice: () => {} })
  return sql
}

export function uniqueEmail(label = 'user') {
  return `${label}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.org`
}

/** The token in the newest email of a kind sent to an address (links carry it as #token=...). */
export async function tokenFromLatestEmail(to: string, subject: string) {
  const sql = testSql()
  const [mail] = await sql<{ text: string }[]>`select text from email_outbox where "to" = ${to.toLowerCase()} and subject = ${subject} order by created_at desc limit 1`
  const match = mail?.text.match(/#token=([a-z2-7]+)/)
  if (!match) throw new Error(`No "${subject}" email with a link for ${to}`)
  return match[1]!
}

export const PASSWORD = 'a sensible long passphrase'

/** Signs up, verifies the email through the emailed link, and signs in. */
export async function signedInClient(label = 'learner', baseUrl: string = inject('baseUrl')) {
  const client = new Client(baseUrl, baseUrl)
  const email = uniqueEmail(label)
  await client.post('/api/auth/sign-up', { name: `Test ${label}`, email, password: PASSWORD })
  const token = await tokenFromLatestEmail(email, 'Confirm your email address')
  await client.post('/api/auth/verify-email', { token })
  const res = await client.post('/api/auth/sign-in', { email, password: PASSWORD })
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`)
  return { client, email, userId: res.json.userId as string }
}

/** Gives a user a seat directly in the database, as `npm run seat:grant` does. */
export async function grantSeatTo(userId: string) {
  await testSql()`insert into seats (status, assigned_user_id) values ('assigned', ${userId})`
}

/** A signed-in learner who holds a seat. */
export async function seatedClient(label = 'learner') {
  const learner = await signedInClient(label)
  await grantSeatTo(learner.userId)
  return learner
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- results vary by event type
export type Outcome = { id: string, status: string, result?: any, error?: string }

/** Sends progress events, filling in each one's id and time, and returns the server's outcomes. */
export async function sendEvents(client: Client, events: Record<string, unknown>[]): Promise<Outcome[]> {
  const res = await client.post('/api/progress/events', { events: events.map(e => ({ id: crypto.randomUUID(), at: Date.now(), ...e })) })
  if (res.status !== 200) throw new Error(`progress events: ${res.status} ${res.text}`)
  return res.json.results
}

/** The server's clock, as its learning-time rules read it (test mode only). */
export async function serverClock(): Promise<number> {
  const res = await new Client().get('/api/test/clock')
  if (res.status !== 200) throw new Error(`test clock: ${res.status} ${res.text}`)
  return Date.parse(res.json.now)
}

/** Lets `seconds` pass on the server's clock (test mode only), as if the learner had spent that long. */
export async function advanceServerClock(seconds: number): Promise<number> {
  const res = await new Client().post('/api/test/clock', { advanceSeconds: seconds })
  if (res.status !== 200) throw new Error(`test clock: ${res.status} ${res.text}`)
  return Date.parse(res.json.now)
}

/**
 * Reads a section the way the player reports it: lets `seconds` pass on the server's clock, then sends the
 * active time in 30-second reports (as the browser does), so the server credits it.
 */
export async function studyFor(client: Client, sectionId: string, seconds: number) {
  await advanceServerClock(seconds)
  const reports = Array.from({ length: Math.ceil(seconds / 30) }, (_, i) => ({ type: 'time', sectionId, seconds: Math.min(30, seconds - i * 30) }))
  const outcomes: Outcome[] = []
  for (let i = 0; i < reports.length; i += 100) outcomes.push(...await sendEvents(client, reports.slice(i, i + 100)))
  return outcomes
}

/** Marks sections completed directly in the database (the section journey itself is tested elsewhere). */
export async function completeSections(userId: string, sectionIds: string[]) {
  const sql = testSql()
  const [enrolment] = await sql`select id from enrolments where user_id = ${userId}`
  if (!enrolment) throw new Error('No enrolment yet: open a section or save an event first')
  for (const id of sectionIds) {
    await sql`insert into section_progress (enrolment_id, section_id, status, content_reached, completed_at)
      values (${enrolment.id}, ${id}, 'completed', true, now())
      on conflict (enrolment_id, section_id) do update set status = 'completed', content_reached = true, completed_at = now()`
  }
}
