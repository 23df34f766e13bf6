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
 * customers and invoices (create, add an item, finalise, send, pay out of band), serves invoices, records every request, and can be told to fail. Test-only control routes live
 * under /__fake/.
 */
export async function startFakeStripe() {
  const requests: RecordedRequest[] = []
  const sessionsByKey = new Map<string, Record<string, unknown>>()
  const objectsByKey = new Map<string, Record<string, unknown>>()
  const invoices = new Map<string, { id: string, status: string, total: number, amount_due: number, days_until_due: number, due_date: number | null, hosted_invoice_url: string | null } & Record<string, unknown>>()
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
    // Invoices: a customer, a draft, one item, finalise, send, and pay out of band (the calls the server makes).
    const replay = (make: () => Record<string, unknown>) => {
      const key = recorded.idempotencyKey ? `${url.pathname} ${recorded.idempotencyKey}` : null
      if (key && objectsByKey.has(key)) return send(200, objectsByKey.get(key), { 'idempotent-replayed': 'true' })
      const made = make()
      if (key) objectsByKey.set(key, made)
      return send(200, made)
    }
    const p = recorded.params as Record<string, unknown>
    if (req.method === 'POST' && url.pathname === '/v1/customers') {
      return replay(() => ({ id: `cus_fake_${++counter}`, object: 'customer', name: p.name, email: p.email, metadata: p.metadata ?? {} }))
    }
    if (req.method === 'POST' && url.pathname === '/v1/invoices') {
      return replay(() => {
        const id = `in_fake_${++counter}_${Math.random().toString(36).slice(2, 8)}`
        const inv = { id, object: 'invoice', status: 'draft', customer: p.customer, collection_method: p.collection_method, number: p.number ?? null, currency: p.currency ?? 'gbp', metadata: p.metadata ?? {}, custom_fields: p.custom_fields ?? [], days_until_due: Number(p.days_until_due), total: 0, amount_due: 0, amount_paid: 0, due_date: null as number | null, hosted_invoice_url: null as string | null }
        invoices.set(id, inv)
        return inv
      })
    }
    if (req.method === 'POST' && url.pathname === '/v1/invoiceitems') {
      return replay(() => {
        const inv = invoices.get(String(p.invoice))
        if (inv) {
          inv.total += Number(p.amount)
          inv.amount_due = inv.total
        }
        return { id: `ii_fake_${++counter}`, object: 'invoiceitem', invoice: p.invoice, amount: Number(p.amount), currency: p.currency, description: p.description }
      })
    }
    const action = url.pathname.match(/^\/v1\/invoices\/(in_[A-Za-z0-9_]+)\/(finalize|send|pay|void)$/)
    if (req.method === 'POST' && action) {
      const inv = invoices.get(action[1]!)
      if (!inv) return stripeError(404, 'invalid_request_error', `No such invoice: '${action[1]}'`)
      if (action[2] === 'finalize' && inv.status === 'draft') {
        inv.status = 'open'
        inv.due_date = Math.floor(Date.now() / 1000) + inv.days_until_due * 86400
        inv.hosted_invoice_url = `https://invoice.stripe.test/i/${inv.id}`
      }
      if (action[2] === 'pay') {
        if (inv.status !== 'open') return stripeError(400, 'invalid_request_error', `Invoice ${inv.id} is ${inv.status}`)
        inv.status = 'paid'
      }
      if (action[2] === 'void') inv.status = 'void'
      return send(200, inv)
    }
    const invoice = url.pathname.match(/^\/v1\/invoices\/(in_[A-Za-z0-9_]+)$/)
    if (req.method === 'GET' && invoice && invoices.has(invoice[1]!)) return send(200, invoices.get(invoice[1]!))
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
