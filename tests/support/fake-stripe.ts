import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the server under test made to "Stripe", with its form body decoded into nested objects. */
export interface RecordedRequest {
  method: string
  path: string
  idempotencyKey: string | null
  authorization: string | null
  params: Record<string, unknown>
}

/**
 * Stripe's form encoding (`line_items[0][price_data][unit_amount]=1200`) back into objects and arrays.
 * Values stay strings, as Stripe receives them.
 */
export function decodeStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, '').split('[')
    let node = root
    path.forEach((segment, i) => {
      if (i === path.length - 1) node[segment] = value
      else node = (node[segment] ??= {}) as Record<string, unknown>
    })
  }
  const arrays = (value: unknown): unknown => {
    if (!value || typeof value !== 'object') return value
    const entries = Object.entries(value).map(([k, v]) => [k, arrays(v)] as const)
    return entries.length && entries.every(([k]) => /^\d+$/.test(k))
      ? entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v)
      : Object.fromEntries(entries)
  }
  return arrays(root) as Record<string, unknown>
}

async function readBody(req: IncomingMessage) {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * A local HTTP server standing in for api.stripe.com, for the real stripe SDK (pointed here with its
 * host/port/protocol options). It creates Checkout Sessions (honouring idempotency keys as Stripe does),
 * serves invoices, records every request, and can be told to fail. Test-only control routes live
 * under /__fake/.
 */
export async function startFakeStripe() {
  const requests: RecordedRequest[] = []
  const sessionsByKey = new Map<string, Record<string, unknown>>()
  let failures = 0
  let counter = 0

  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    const url = new URL(req.url ?? '/', 'http://fake-stripe')
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${++counter}`, ...headers })
      res.end(JSON.stringify(json))
    }
    const stripeError = (status: number, type: string, message: string) => send(status, { error: { type, message } }, { 'stripe-should-retry': 'false' })

    if (url.pathname === '/__fake/requests') return send(200, requests)
    if (url.pathname === '/__fake/fail' && req.method === 'POST') {
      failures = Number(url.searchParams.get('count') ?? 1)
      return send(200, { failures })
    }

    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null,
      authorization: req.headers.authorization ?? null,
      params: decodeStripeForm(req.method === 'GET' ? url.search.slice(1) : body),
    }
    requests.push(recorded)
    if (!recorded.authorization?.startsWith('Bearer sk_test_')) return stripeError(401, 'invalid_request_error', 'Invalid API Key provided')
    if (failures > 0) {
      failures--
      return stripeError(500, 'api_error', 'The fake Stripe was told to fail this request.')
    }

    if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      const key = recorded.idempotencyKey
      if (key && sessionsByKey.has(key)) return send(200, sessionsByKey.get(key), { 'idempotent-replayed': 'true' })
      const p = recorded.params as { line_items?: { quantity: string, price_data: { unit_amount: string, currency: string } }[] } & Record<string, unknown>
      const items = p.line_items ?? []
      const id = `cs_test_fake_${++counter}_${Math.random().toString(36).slice(2, 10)}`
      const session = {
        id,
        object: 'checkout.session',
        url: `https://checkout.stripe.test/c/pay/${id}`,
        mode: p.mode,
        status: 'open',
        payment_status: 'unpaid',
        amount_total: items.reduce((sum, i) => sum + Number(i.price_data.unit_amount) * Number(i.quantity), 0),
        currency: items[0]?.price_data.currency ?? null,
        client_reference_id: p.client_reference_id ?? null,
        customer_email: p.customer_email ?? null,
        metadata: p.metadata ?? {},
        payment_intent: null,
        invoice: null,
      }
      if (key) sessionsByKey.set(key, session)
      return send(200, session)
    }
    const invoice = url.pathname.match(/^\/v1\/invoices\/(in_[A-Za-z0-9_]+)$/)
    if (req.method === 'GET' && invoice) {
      return send(200, { id: invoice[1], object: 'invoice', hosted_invoice_url: `https://invoice.stripe.test/i/${invoice[1]}`, invoice_pdf: `https://invoice.stripe.test/i/${invoice[1]}/pdf` })
    }
    return stripeError(404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname})`)
  })

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}
