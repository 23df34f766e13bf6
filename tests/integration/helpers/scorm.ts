import { request, type IncomingHttpHeaders } from 'node:http'
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

/**
 * A GET (or, with a body, a JSON POST) to the test server addressed to `url`'s host (as the Host header says:
 * scorm-content.localhost needs no name lookup this way), with the path sent byte for byte (fetch would tidy
 * `..` away).
 */
export function getAddressedTo(client: Client, url: string, options: { path?: string, cookie?: boolean, body?: object } = {}) {
  const target = new URL(url)
  const server = new URL(client.baseUrl)
  const headers: Record<string, string> = { host: target.host }
  if (options.cookie) headers.cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const body = options.body ? JSON.stringify(options.body) : undefined
  if (body) Object.assign(headers, { 'content-type': 'application/json', 'origin': target.origin })
  return new Promise<{ status: number, headers: IncomingHttpHeaders, body: string }>((resolve, reject) => {
    const req = request({ method: body ? 'POST' : 'GET', host: server.hostname, port: server.port, path: options.path ?? `${target.pathname}${target.search}`, headers }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => { body += c.toString() })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(body)
  })
}
