import { beforeAll, describe, expect, it } from 'vitest'
import { Client, signedInClient, testSql } from '../helpers/client'
import { learnerWithSeat, uploadZip } from '../helpers/scorm'
import { golfZip, manifest12, zipOf } from '../../support/scorm-fixtures'
import { signedInAdmin } from '../helpers/admin'

let golfId: string

beforeAll(async () => {
  const { client } = await signedInAdmin()
  golfId = (await uploadZip(client, await golfZip())).json.package.id
})

async function attemptRow(id: string) {
  const [row] = await testSql()`select * from scorm_attempts where id = ${id}`
  return row!
}

async function registrationOf(userId: string) {
  const [row] = await testSql()`select * from scorm_registrations where user_id = ${userId} and package_id = ${golfId}`
  return row!
}

const commit = (client: Client, attemptId: string, body: object) => client.post(`/api/scorm/attempts/${attemptId}/commit`, body)

describe('launching', () => {
  it('starts an attempt with the learner\'s own identity and the manifest\'s objectives and pass mark', async () => {
    const { client, userId } = await learnerWithSeat()
    const res = await client.post(`/api/scorm/packages/${golfId}/launch`)
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ version: '2004', launch: 1, attemptNumber: 1, resume: false })
    expect(res.json.launchUrl).toMatch(new RegExp(`^http://scorm-content\\.localhost:\\d+/scorm/frame/${golfId}/\\d+\\.[\\w-]{43}\\?app=`))
    expect(res.json.cmi).toMatchObject({ 'cmi.learner_id': userId, 'cmi.entry': 'ab-initio', 'cmi.scaled_passing_score': '0.8', 'cmi.objectives.0.id': 'PRIMARYOBJ', 'cmi.objectives.4.id': 'obj_playing' })
  })

  it('needs a seat (or admin), and a session', async () => {
    expect((await new Client().post(`/api/scorm/packages/${golfId}/launch`)).status).toBe(401)
    const { client } = await signedInClient('seatless')
    expect((await client.post(`/api/scorm/packages/${golfId}/launch`)).status).toBe(403)
    expect((await client.get('/api/scorm/packages')).status).toBe(403)
  })
})

describe('commits', () => {
  it('stores valid data, refuses a bad value with its SCORM error code, and leaves the data as it was', async () => {
    const { client } = await learnerWithSeat()
    const { json: launch } = await client.post(`/api/scorm/packages/${golfId}/launch`)
    const ok = await commit(client, launch.attemptId, { launch: 1, seq: 1, values: { 'cmi.location': '3', 'cmi.suspend_data': 'page=3', 'cmi.completion_status': 'incomplete', 'cmi.objectives.4.progress_measure': '0.6' } })
    expect(ok.status).toBe(200)
    expect(ok.json).toMatchObject({ result: true, applied: true, completionStatus: 'incomplete' })

    for (const [values, code] of [
      [{ 'cmi.score.scaled': '2' }, 407],
      [{ 'cmi.score.raw': 'abc' }, 406],
      [{ 'cmi.completion_status': 'hacked' }, 406],
      [{ 'cmi.learner_id': 'someone-else' }, 404],
      [{ 'cmi.made_up': 'x' }, 401],
      [{ 'cmi.suspend_data': 'x'.repeat(64001) }, 406],
      [{ 'cmi.interactions.3.id': 'gap' }, 351],
    ] as const) {
      const bad = await commit(client, launch.attemptId, { launch: 1, seq: 2, values: { 'cmi.location': '9', ...values } })
      expect(bad.status, JSON.stringify(values).slice(0, 60)).toBe(422)
      expect(bad.json).toMatchObject({ result: false, errorCode: code })
    }
    const row = await attemptRow(launch.attemptId)
    expect(row.cmi['cmi.location']).toBe('3')
    expect(row.commit_seq).toBe(1)
  })

  it('never lets a repeated or older commit overwrite newer data', async () => {
    const { client } = await learnerWithSeat()
    const { json: launch } = await client.post(`/api/scorm/packages/${golfId}/launch`)
    expect((await commit(client, launch.attemptId, { launch: 1, seq: 1, values: { 'cmi.location': '1' } })).json.applied).toBe(true)
    expect((await commit(client, launch.attemptId, { launch: 1, seq: 3, values: { 'cmi.location': '3' } })).json.applied).toBe(true)
    const late = await commit(client, launch.attemptId, { launch: 1, seq: 2, values: { 'cmi.location': '2' } })
    expect(late.status).toBe(200)
    expect(late.json).toMatchObject({ result: true, applied: false })
    const repeat = await commit(client, launch.attemptId, { launch: 1, seq: 3, values: { 'cmi.location': 'again' } })
    expect(repeat.json.applied).toBe(false)
    expect((await attemptRow(launch.attemptId)).cmi['cmi.location']).toBe('3')
    const future = await commit(client, launch.attemptId, { launch: 7, seq: 1, values: { 'cmi.location': 'x' } })
    expect(future.status).toBe(400)
  })

  it('keeps completion and passing once reached, scores against the manifest pass mark, and clamps session time', async () => {
    const { client, userId } = await learnerWithSeat()
    const { json: launch } = await client.post(`/api/scorm/packages/${golfId}/launch`)
    await commit(client, launch.attemptId, { launch: 1, seq: 1, values: { 'cmi.completion_status': 'completed', 'cmi.score.scaled': '0.9', 'cmi.score.raw': '90', 'cmi.session_time': 'PT100H' } })
    await commit(client, launch.attemptId, { launch: 1, seq: 2, values: { 'cmi.completion_status': 'incomplete', 'cmi.success_status': 'failed' } })
    const row = await attemptRow(launch.attemptId)
    expect(row.cmi['cmi.completion_status']).toBe('completed')
    expect(row).toMatchObject({ completion_status: 'completed', success_status: 'passed', score_scaled: 0.9 })
    // 100 hours claimed seconds after launching: credited no more than the time since launch plus a minute.
    expect(row.session_seconds).toBeLessThanOrEqual(120)
    const reg = await registrationOf(userId)
    expect(reg).toMatchObject({ completion_status: 'completed', success_status: 'passed', score_scaled: 0.9 })
    expect(reg.completed_at).not.toBeNull()
    expect(reg.passed_at).not.toBeNull()
    const mine = await client.get('/api/scorm/packages')
    expect(mine.json.packages.find((p: { id: string }) => p.id === golfId)).toMatchObject({ completionStatus: 'completed', successStatus: 'passed', scoreScaled: 0.9 })
  })

  it('resumes a suspended attempt with its location and suspend data, and starts afresh after a normal exit', async () => {
    const { client, userId } = await learnerWithSeat()
    const first = (await client.post(`/api/scorm/packages/${golfId}/launch`)).json
    await commit(client, first.attemptId, { launch: 1, seq: 1, values: { 'cmi.location': '7', 'cmi.suspend_data': 'abc {"x":1}', 'cmi.exit': 'suspend', 'cmi.session_time': 'PT5S' }, terminate: true })

    const second = (await client.post(`/api/scorm/packages/${golfId}/launch`)).json
    expect(second).toMatchObject({ attemptId: first.attemptId, launch: 2, resume: true })
    expect(second.cmi).toMatchObject({ 'cmi.entry': 'resume', 'cmi.location': '7', 'cmi.suspend_data': 'abc {"x":1}', 'cmi.total_time': 'PT0H0M5S' })
    // The first launch's late beacon cannot overwrite what the second launch stores.
    await commit(client, second.attemptId, { launch: 2, seq: 1, values: { 'cmi.location': '8' } })
    expect((await commit(client, first.attemptId, { launch: 1, seq: 99, values: { 'cmi.location': 'stale' } })).json.applied).toBe(false)
    await commit(client, second.attemptId, { launch: 2, seq: 2, values: { 'cmi.completion_status': 'completed', 'cmi.exit': 'normal' }, terminate: true })

    const third = (await client.post(`/api/scorm/packages/${golfId}/launch`)).json
    expect(third.attemptId).not.toBe(first.attemptId)
    expect(third).toMatchObject({ attemptNumber: 2, launch: 1, resume: false })
    expect(third.cmi['cmi.entry']).toBe('ab-initio')
    expect(third.cmi['cmi.location']).toBeUndefined()
    const reg = await registrationOf(userId)
    expect(reg).toMatchObject({ attempt_count: 2, completion_status: 'completed', total_seconds: 5 })
  })

  it('refuses another learner\'s attempt, whatever the payload says', async () => {
    const owner = await learnerWithSeat('owner')
    const { json: launch } = await owner.client.post(`/api/scorm/packages/${golfId}/launch`)
    await commit(owner.client, launch.attemptId, { launch: 1, seq: 1, values: { 'cmi.location': 'mine' } })
    const other = await learnerWithSeat('intruder')
    const res = await commit(other.client, launch.attemptId, { launch: 1, seq: 2, values: { 'cmi.location': 'stolen', 'cmi.completion_status': 'completed' } })
    expect(res.status).toBe(404)
    const withUser = await commit(other.client, launch.attemptId, { launch: 1, seq: 3, values: {}, userId: owner.userId })
    expect(withUser.status).toBe(400)
    expect((await attemptRow(launch.attemptId)).cmi['cmi.location']).toBe('mine')
    expect((await new Client().post(`/api/scorm/attempts/${launch.attemptId}/commit`, { launch: 1, seq: 4, values: {} })).status).toBe(401)
  })

  it('refuses cross-site, oversized and malformed commits without a server error', async () => {
    const { client } = await learnerWithSeat()
    const { json: launch } = await client.post(`/api/scorm/packages/${golfId}/launch`)
    const url = `/api/scorm/attempts/${launch.attemptId}/commit`
    expect((await client.request('POST', url, { launch: 1, seq: 1, values: {} }, { origin: 'https://evil.example' })).status).toBe(403)
    expect((await client.request('POST', url, JSON.stringify({ launch: 1, seq: 1, values: { 'cmi.suspend_data': 'x'.repeat(600 * 1024) } }))).status).toBe(413)
    expect((await client.request('POST', url, '{"launch": 1, "seq":')).status).toBe(400)
    expect((await client.request('POST', url, { launch: 1, seq: 1, values: { 'cmi.location': { deep: [1] } } })).status).toBe(400)
    expect((await client.post('/api/scorm/attempts/not-a-uuid/commit', { launch: 1, seq: 1, values: {} })).status).toBe(404)
  })
})

describe('a SCORM 1.2 package', () => {
  it('stores 1.2 elements, refuses bad ones with 1.2 error codes, and judges a completed attempt against the mastery score', async () => {
    const { client: admin } = await signedInAdmin()
    const manifest = manifest12('Twelve', 70)
    const id = (await uploadZip(admin, await zipOf([{ name: 'imsmanifest.xml', data: manifest }, { name: 'index.html', data: '<p>x</p>' }]))).json.package.id
    const { client, userId } = await learnerWithSeat('twelve')
    const { json: launch } = await client.post(`/api/scorm/packages/${id}/launch`)
    expect(launch.cmi).toMatchObject({ 'cmi.core.student_id': userId, 'cmi.core.entry': 'ab-initio', 'cmi.student_data.mastery_score': '70', 'cmi.core.total_time': '0000:00:00' })
    for (const [values, code] of [
      [{ 'cmi.core.score.raw': '101' }, 405],
      [{ 'cmi.core.lesson_status': 'hacked' }, 405],
      [{ 'cmi.core.student_name': 'Someone Else' }, 403],
      [{ 'cmi.suspend_data': 'x'.repeat(4097) }, 405],
      [{ 'cmi.completion_status': 'completed' }, 401],
    ] as const) {
      expect((await commit(client, launch.attemptId, { launch: 1, seq: 1, values })).json).toMatchObject({ result: false, errorCode: code })
    }
    const ok = await commit(client, launch.attemptId, { launch: 1, seq: 1, values: { 'cmi.core.lesson_status': 'completed', 'cmi.core.score.raw': '75', 'cmi.core.lesson_location': 'p4', 'cmi.interactions.0.id': 'q1', 'cmi.interactions.0.result': 'wrong' } })
    expect(ok.json).toMatchObject({ result: true, applied: true, completionStatus: 'completed', successStatus: 'passed', scoreScaled: 0.75 })
  })
})

describe('results for admin reports', () => {
  it('lists each learner\'s result for a package, for admins only', async () => {
    const { client, email } = await learnerWithSeat('reported')
    const { json: launch } = await client.post(`/api/scorm/packages/${golfId}/launch`)
    await commit(client, launch.attemptId, { launch: 1, seq: 1, values: { 'cmi.completion_status': 'completed', 'cmi.score.scaled': '0.5' } })
    const { client: admin } = await signedInAdmin()
    const res = await admin.get(`/api/admin/scorm/packages/${golfId}/registrations`)
    expect(res.status).toBe(200)
    expect(res.json.registrations.find((r: { email: string }) => r.email === email.toLowerCase())).toMatchObject({ completionStatus: 'completed', successStatus: 'failed', scoreScaled: 0.5, attempts: 1 })
    expect((await client.get(`/api/admin/scorm/packages/${golfId}/registrations`)).status).toBe(403)
  })
})
