import { grantSeatTo, signedInClient, testSql, type Client } from './client'

export async function learnerWithSeat(label = 'scorm-learner') {
  const learner = await signedInClient(label)
  await grantSeatTo(learner.userId)
  return learner
}

/** Sends a zip as the raw request body, as the admin page does. */
export async function uploadZip(client: Client, zip: Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${client.baseUrl}/api/admin/scorm/packages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/zip',
      'origin': client.baseUrl,
      'cookie': [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      ...headers,
    },
    body: new Uint8Array(zip),
  })
  const text = await res.text()
  let json = null
  try {
    json = JSON.parse(text)
  }
  catch { /* not JSON */ }
  return { status: res.status, json, text }
}

export async function packageCount() {
  const [row] = await testSql()<{ n: number }[]>`select count(*)::int as n from scorm_packages`
  return row!.n
}
