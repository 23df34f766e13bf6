import { randomUUID } from 'node:crypto'
import { Client, PASSWORD, testSql, tokenFromLatestEmail, uniqueEmail } from './client'

/** A made-up client address, so each test has its own certificate-lookup allowance. */
export function randomIp() {
  return `198.51.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`
}

/** A signed-in learner with the given name, holding a seat (of an organisation, if given). */
export async function learnerNamed(name: string, organisationId?: string) {
  const client = new Client()
  const email = uniqueEmail('cert')
  await client.post('/api/auth/sign-up', { name, email, password: PASSWORD })
  await client.post('/api/auth/verify-email', { token: await tokenFromLatestEmail(email, 'Confirm your email address') })
  const res = await client.post('/api/auth/sign-in', { email, password: PASSWORD })
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`)
  const userId = res.json.userId as string
  await testSql()`insert into seats (organisation_id, status, assigned_user_id) values (${organisationId ?? null}, 'assigned', ${userId})`
  return { client, email, userId }
}

export async function organisationWithManager(label: string) {
  const sql = testSql()
  const [org] = await sql<{ id: string }[]>`insert into organisations (name) values (${`${label} council`}) returning id`
  const manager = await learnerNamed(`${label} training lead`)
  await sql`insert into memberships (organisation_id, user_id, role) values (${org!.id}, ${manager.userId}, 'manager')`
  return { organisationId: org!.id, manager }
}

/**
 * Brings a learner to the brink of completion in the database (every section but the last done, the final
 * assessment passed, the last section's activities done and its time credited) and returns the event that finishes the course:
 * posting it goes through the real progress route, evaluateSection and recordCompletionIfDue.
 */
export async function almostComplete(learner: { client: Client, userId: string }) {
  const course = (await learner.client.get('/api/course')).json as { version: number, sections: { id: string, minutes: number, activities: { id: string }[] }[] }
  const sql = testSql()
  const [seat] = await sql<{ id: string }[]>`select id from seats where assigned_user_id = ${learner.userId}`
  const [enrolment] = await sql<{ id: string }[]>`insert into enrolments (user_id, course_version, seat_id) values (${learner.userId}, ${course.version}, ${seat!.id}) returning id`
  const last = course.sections.at(-1)!
  for (const section of course.sections.slice(0, -1)) {
    await sql`insert into section_progress (enrolment_id, section_id, status, content_reached, completed_at) values (${enrolment!.id}, ${section.id}, 'completed', true, now())`
  }
  // The last section's time is already credited, so reaching its end is what completes it.
  await sql`insert into section_progress (enrolment_id, section_id, status, active_seconds) values (${enrolment!.id}, ${last.id}, 'in_progress', ${last.minutes * 60})`
  for (const activity of last.activities) {
    await sql`insert into activity_completions (enrolment_id, activity_id) values (${enrolment!.id}, ${activity.id})`
  }
  await sql`insert into assessment_attempts (enrolment_id, attempt_number, question_ids, answers, score_percent, passed, submitted_at)
    values (${enrolment!.id}, 1, ${sql.json([])}, ${sql.json({})}, 100, true, now())`
  return { enrolmentId: enrolment!.id, finish: () => ({ id: randomUUID(), type: 'reached-end', at: Date.now(), sectionId: last.id }) }
}

/** Completes the course through the real route and returns the certificate code it issued. */
export async function completedLearner(name: string, organisationId?: string) {
  const learner = await learnerNamed(name, organisationId)
  const { finish, enrolmentId } = await almostComplete(learner)
  const res = await learner.client.post('/api/progress/events', { events: [finish()] })
  if (res.json?.results?.[0]?.status !== 'applied') throw new Error(`completion failed: ${res.text}`)
  const [row] = await testSql()<{ code: string }[]>`select code from certificates where enrolment_id = ${enrolmentId} and superseded_at is null`
  if (!row) throw new Error('no certificate issued')
  return { ...learner, enrolmentId, code: row.code }
}

export async function adminClient() {
  const admin = await learnerNamed('Platform Admin')
  await testSql()`update users set is_admin = true where id = ${admin.userId}`
  return admin.client
}

/** The names and contents of a zip's entries (stored, as ours are: no decompression needed). */
export function readStoredZip(zip: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>()
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4B, 0x05, 0x06]))
  if (end < 0) throw new Error('not a zip')
  let at = zip.readUInt32LE(end + 16)
  const count = zip.readUInt16LE(end + 10)
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014B50) throw new Error('bad central directory')
    const method = zip.readUInt16LE(at + 10)
    const size = zip.readUInt32LE(at + 20)
    const nameLength = zip.readUInt16LE(at + 28)
    const extraLength = zip.readUInt16LE(at + 30)
    const commentLength = zip.readUInt16LE(at + 32)
    const local = zip.readUInt32LE(at + 42)
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    if (method !== 0) throw new Error(`${name} is compressed`)
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    entries.set(name, zip.subarray(dataStart, dataStart + size))
    at += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

/** A download as bytes (the JSON client reads bodies as text), with the client's session. */
export async function download(client: Client, path: string) {
  const res = await fetch(client.baseUrl + path, {
    headers: client.cookies.size ? { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {},
  })
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) }
}
