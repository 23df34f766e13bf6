import { randomUUID } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sections, quizzes } from '../../support/course-content'
import { Client, completeSections, seatedClient, sendEvents } from '../helpers/client'
import { signedInAdmin } from '../helpers/admin'
import { orgWithSeats } from '../helpers/orgs'
import { postWebhook } from '../helpers/stripe'

/**
 * Every API route, fuzzed: malformed JSON, arrays and scalars instead of objects, wrong types for each
 * field the route asks for, 1 MB strings, unknown fields, odd query strings and odd path parameters,
 * as a visitor, a learner, a training lead and an administrator. Every answer is below 500, and every
 * error says what was wrong. The routes are read from the file system, so a new route is fuzzed too.
 */
interface Route { method: string, pattern: string, file: string }

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? routeFiles(path) : entry.name.endsWith('.ts') ? [path] : []
  })
}

/** `server/api/orgs/[orgId]/index.get.ts` is GET /api/orgs/[orgId]. */
function routeOf(file: string): Route {
  const inApi = file.startsWith(join('server', 'api'))
  const rel = relative(join('server', inApi ? 'api' : 'routes'), file).replace(/\.ts$/, '')
  const match = rel.match(/^(.*?)(?:\.(get|post|put|patch|delete))?$/)!
  const path = match[1]!.replace(/(^|\/)index$/, '')
  return { method: (match[2] ?? 'get').toUpperCase(), pattern: `${inApi ? '/api' : ''}/${path}`.replace(/\/$/, ''), file }
}

const routes = [...routeFiles(join('server', 'api')), ...routeFiles(join('server', 'routes'))].map(routeOf)
  // Signing out last: the actors keep their sessions for every other route.
  .sort((a, b) => Number(a.pattern.endsWith('/sign-out')) - Number(b.pattern.endsWith('/sign-out')))

const MEGABYTE = 'x'.repeat(1024 * 1024)

/** Path parameters no route should choke on: malformed ids, injections, bad percent-encoding, traversal, a long one. */
const BAD_PARAMS = ['not-a-uuid', '0', '-1', '%27%20or%201%3D1--', '%00', '%E0%A4%A', '%F0%9F%92%A5', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(3000), randomUUID().toUpperCase()]

/** Query strings: wrong types, repeated keys, nested keys, bad encoding, long values. */
const BAD_QUERIES = ['?quantity=abc', '?quantity=-5&quantity=7', '?page[a]=1&limit[]=2', '?%ZZ=1&a=%E0%A4%A', '?quantity=1e309', `?q=${'y'.repeat(6000)}`, '?__proto__[x]=1&constructor[prototype][y]=2']

/** Whole bodies that are not what any handler wants. */
const BAD_BODIES: { label: string, body: string | undefined, type?: string }[] = [
  { label: 'no body', body: undefined },
  { label: 'malformed JSON', body: '{"email": "a@b.c", ' },
  { label: 'a JSON array', body: '[{"id": 1}, 2, "three"]' },
  { label: 'JSON null', body: 'null' },
  { label: 'a JSON number', body: '42' },
  { label: 'a JSON string', body: '"just text"' },
  { label: 'an empty object', body: '{}' },
  { label: 'unknown fields', body: '{"zzz": 1, "isAdmin": true, "__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}' },
  { label: 'a 1 MB JSON string', body: JSON.stringify(MEGABYTE) },
  { label: 'a 1 MB raw body', body: MEGABYTE },
  { label: 'a form body', body: 'email=a%40b.c&quantity=2', type: 'application/x-www-form-urlencoded' },
  { label: 'plain text', body: 'hello', type: 'text/plain' },
  { label: 'a multipart body with no parts', body: '--b--\r\n', type: 'multipart/form-data; boundary=b' },
  { label: 'deeply nested JSON', body: `${'['.repeat(5000)}${']'.repeat(5000)}` },
]

/** Wrong values for a field the route names (from its 400 for an empty body). */
const WRONG_VALUES: unknown[] = [123, -1, 1e308, 'text', '', true, null, [], [1, 'a'], {}, { nested: { deeper: [] } }, MEGABYTE]

interface Actor { name: string, client: Client }
interface Sent { actor: string, what: string, method: string, path: string, status: number, message: string, location: string | null }

let actors: Actor[]
const tally = { requests: 0, statuses: {} as Record<number, number> }
let orgId: string
const SECTION = 's2-why-children-go-missing'

function plausible(route: Route, name: string): string {
  if (name === 'orgId') return orgId
  if (name === 'version') return '1.2'
  if (name === 'path') return 'index.html'
  if (name === 'code') return 'CMFC-ABCD-EFGH'
  if (name === 'sessionId') return 'cs_test_fuzz'
  if (route.pattern === '/api/course/sections/[id]') return SECTION
  if (route.pattern === '/api/pages/[id]') return 'glossary'
  return randomUUID()
}

function fill(route: Route, override?: string): string {
  return route.pattern.replace(/\[(\.\.\.)?(\w+)\]/g, (_, __, name: string) => override ?? plausible(route, name))
}

async function send(actor: Actor, method: string, path: string, what: string, body?: string, type = 'application/json'): Promise<Sent> {
  const headers: Record<string, string> = {
    'accept': 'application/json',
    // Each request counts as its own client, so rate limits do not stop the fuzzing before the handlers.
    'x-forwarded-for': `10.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`,
    ...(body !== undefined ? { 'content-type': type } : {}),
  }
  const res = await actor.client.request(method, path, body, headers)
  const message = String(res.json?.message || res.json?.statusMessage || '')
  return { actor: actor.name, what, method, path: path.slice(0, 120), status: res.status, message, location: res.headers.get('location') }
}

/** At most `limit` requests at a time, so the shared machine's server is busy but not swamped. */
async function inBatches<T>(jobs: (() => Promise<T>)[], limit = 6): Promise<T[]> {
  const results: T[] = []
  for (let i = 0; i < jobs.length; i += limit) results.push(...await Promise.all(jobs.slice(i, i + limit).map(j => j())))
  return results
}

/** The fields a route asks for, from the issues of its 400 to an empty body. */
async function fieldsOf(actor: Actor, route: Route): Promise<string[]> {
  const res = await actor.client.request(route.method, fill(route), '{}', { 'accept': 'application/json', 'x-forwarded-for': '10.9.9.9' })
  const issues = (res.json?.data?.issues ?? []) as { path: string[] }[]
  return [...new Set(issues.map(i => i.path[0]).filter((p): p is string => Boolean(p)))]
}

function expectHandled(results: Sent[]) {
  const failures = results.filter(r => r.status >= 500 || (r.status >= 400 && !r.message.trim()) || (r.status >= 300 && r.status < 400 && !r.location))
  expect(failures, JSON.stringify(failures.slice(0, 10), null, 1)).toEqual([])
}

beforeAll(async () => {
  const learner = await seatedClient('fuzz-learner')
  const lead = await orgWithSeats(3, 'fuzz-lead')
  const admin = await signedInAdmin('fuzz-admin')
  orgId = lead.orgId
  actors = [
    { name: 'visitor', client: new Client() },
    { name: 'learner', client: learner.client },
    { name: 'training lead', client: lead.client },
    { name: 'admin', client: admin.client },
  ]
}, 60_000)

afterAll(() => {
  console.info(`API fuzz: ${tally.requests} requests over ${routes.length} routes; statuses ${JSON.stringify(tally.statuses)}`)
})

describe('every API route, fuzzed', () => {
  it('finds the routes on disk', () => {
    expect(routes.length).toBeGreaterThan(50)
    expect(routes).toContainEqual(expect.objectContaining({ method: 'POST', pattern: '/api/progress/events' }))
    expect(routes).toContainEqual(expect.objectContaining({ method: 'GET', pattern: '/scorm/content/[packageId]/[token]/[...path]' }))
  })

  for (const route of routes) {
    it(`${route.method} ${route.pattern} answers every malformed request with a 4xx and a message`, async () => {
      const jobs: (() => Promise<Sent>)[] = []
      for (const actor of actors) {
        const path = fill(route)
        if (route.method === 'GET') {
          jobs.push(() => send(actor, 'GET', path, 'plain'))
          for (const query of BAD_QUERIES) jobs.push(() => send(actor, 'GET', path + query, `query ${query.slice(0, 40)}`))
          // The wrong method is refused with a message, never a crash.
          jobs.push(() => send(actor, 'POST', path, 'wrong method', '{"a":'))
        }
        else {
          for (const { label, body, type } of BAD_BODIES) jobs.push(() => send(actor, route.method, path, label, body, type))
          jobs.push(() => send(actor, route.method, path + BAD_QUERIES[2], 'odd query', '{}'))
          const fields = await fieldsOf(actor, route)
          for (const field of fields) {
            for (const value of WRONG_VALUES) {
              jobs.push(() => send(actor, route.method, path, `${field} = ${JSON.stringify(value).slice(0, 30)}`, JSON.stringify({ [field]: value })))
            }
          }
          // Every field wrong at once, so no single "missing field" message hides a later crash.
          for (const value of WRONG_VALUES) {
            jobs.push(() => send(actor, route.method, path, `all fields = ${JSON.stringify(value)}`, JSON.stringify(Object.fromEntries(fields.map(f => [f, value])))))
          }
        }
        if (/\[/.test(route.pattern)) {
          for (const bad of BAD_PARAMS) jobs.push(() => send(actor, route.method, fill(route, bad), `param ${bad.slice(0, 30)}`, route.method === 'GET' ? undefined : '{}'))
        }
      }
      const results = await inBatches(jobs)
      expect(results.length).toBe(jobs.length)
      tally.requests += results.length
      for (const r of results) tally.statuses[r.status] = (tally.statuses[r.status] ?? 0) + 1
      expectHandled(results)
    }, 300_000)
  }
})

describe('the Stripe webhook, fuzzed', () => {
  it('answers garbage bodies and signatures with a 400', async () => {
    const bodies = ['', '{', '[]', 'null', MEGABYTE.slice(0, 200_000), JSON.stringify({ id: 'evt_x', type: 'checkout.session.completed', data: { object: {} } })]
    const signatures = [null, '', 'garbage', 't=abc,v1=', `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`, 'v1=deadbeef,t=1,t=2', 'x'.repeat(5000)]
    const results: { status: number }[] = []
    for (const body of bodies) {
      for (const signature of signatures) {
        results.push(await postWebhook({}, { bodyOverride: body, signature }))
      }
    }
    expect(results.map(r => r.status).filter(s => s !== 400)).toEqual([])
    // Bigger than any Stripe event: refused before it is read.
    expect((await postWebhook({}, { bodyOverride: 'x'.repeat(300 * 1024), signature: 'garbage' })).status).toBe(413)
  })
})

/** Answers of every wrong shape, for graders that take whatever a question's type expects. */
const ODD_ANSWERS: unknown[] = [
  null, 1, 'x', true, [], {}, [[]], { optionId: 5 }, { optionId: null }, { optionId: 'no-such-option' }, { optionIds: 'a' }, { optionIds: [{}, null, 3] },
  { optionIds: Array.from({ length: 5000 }, (_, i) => `o${i}`) }, { order: 'x' }, { order: [1, {}, null] }, { order: Array.from({ length: 5000 }, () => 'a') },
  { matches: [] }, { matches: { a: 5, b: null } }, { matches: 'x' }, { optionId: 'x'.repeat(200_000) }, { __proto__: { optionId: 'a' }, constructor: { prototype: {} } },
]

describe('answers of the wrong shape, deep inside valid requests', () => {
  it('are refused one by one (progress events), never a 500', async () => {
    const { client } = await seatedClient('fuzz-deep')
    const section = sections.find((s, i) => i > 0 && s.quizzes.length && s.scenarios.length && s.reflections.length)!
    const quiz = quizzes.find(q => q.id === section.quizzes[0])!
    const statuses: number[] = []
    for (const answer of ODD_ANSWERS) {
      const events = quiz.questions.map(q => ({ id: randomUUID(), at: Date.now(), type: 'answer', activityId: quiz.id, questionId: q.id, answer }))
      const res = await client.post('/api/progress/events', { events })
      statuses.push(res.status)
      if (res.status === 200) expect(res.json.results.every((r: { status: string }) => r.status === 'rejected'), JSON.stringify(answer).slice(0, 80)).toBe(true)
      else expect(res.json?.message, res.text.slice(0, 200)).toBeTruthy()
    }
    const odd = [
      { type: 'answer', activityId: 'no-such-quiz', questionId: 'no-such-question', answer: { optionId: 'a' } },
      { type: 'answer', activityId: section.scenarios[0], questionId: quiz.questions[0]!.id, answer: { optionId: 'a' } },
      { type: 'scenario-choice', activityId: section.scenarios[0], stepId: 'no-such-step', choiceId: 'no-such-choice' },
      { type: 'scenario-choice', activityId: quiz.id, stepId: 'a', choiceId: 'b' },
      { type: 'scenario-restart', activityId: 'no-such-scenario' },
      { type: 'reflection', reflectionId: 'no-such-reflection', text: 'x' },
      { type: 'position', sectionId: 'no-such-section', anchor: 'x' },
      { type: 'reached-end', sectionId: 'no-such-section' },
      { type: 'time', sectionId: 'no-such-section', seconds: 10 },
    ]
    for (const event of odd) {
      const res = await client.post('/api/progress/events', { events: [{ id: randomUUID(), at: Date.now(), ...event }] })
      statuses.push(res.status)
      if (res.status === 200) expect(res.json.results[0].status, JSON.stringify(event)).toBe('rejected')
      else expect(res.json?.message).toBeTruthy()
    }
    expect(statuses.filter(s => s >= 500)).toEqual([])
  })

  it('are marked wrong or refused in the free introduction and the final assessment, never a 500', async () => {
    const learner = await seatedClient('fuzz-assess')
    const visitor = new Client()
    const preview = quizzes.find(q => q.id === sections[0]!.quizzes[0])!
    const statuses: number[] = []
    for (const answer of ODD_ANSWERS) {
      for (const q of preview.questions) {
        const res = await visitor.post('/api/course/preview-answers', { activityId: preview.id, questionId: q.id, answer })
        statuses.push(res.status)
        if (res.status >= 400) expect(res.json?.message).toBeTruthy()
      }
    }
    // Reading a section starts nothing (GETs change nothing); the first save does.
    await learner.client.get(`/api/course/sections/${sections[1]!.id}`)
    await sendEvents(learner.client, [{ type: 'position', sectionId: sections[1]!.id, anchor: 'start' }])
    await completeSections(learner.userId, sections.map(s => s.id))
    const started = await learner.client.post('/api/assessment/attempts')
    expect(started.status, started.text).toBeLessThan(300)
    const ids: string[] = started.json.questions.map((q: { id: string }) => q.id)
    // Only the last submission counts; the earlier ones must each be refused or marked, never crash.
    for (const answer of ODD_ANSWERS.slice(0, 8)) {
      const res = await learner.client.post(`/api/assessment/attempts/${started.json.id}/submit`, { answers: Object.fromEntries(ids.map(id => [id, answer])) })
      statuses.push(res.status)
      if (res.status >= 400) expect(res.json?.message).toBeTruthy()
      if (res.status < 300) break
    }
    expect(statuses.filter(s => s >= 500)).toEqual([])
  })
})
