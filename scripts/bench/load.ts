import autocannon from 'autocannon'
import { ms, quantile, type BenchRow } from './context'

export interface LoadOptions {
  baseUrl: string
  path: string
  method?: 'GET' | 'POST'
  /** One cookie header per connection: each connection is a different signed-in person. */
  cookies: string[]
  /** A fresh body for every request (unique event ids), when posting. */
  body?: () => string
  seconds: number
}

export interface LoadResult {
  result: autocannon.Result
  /** Every response's time in ms (autocannon's own histogram has no p95). */
  times: number[]
}

/** Runs autocannon with one connection per cookie; returns its result and every response time. */
export async function load(opts: LoadOptions): Promise<LoadResult> {
  let next = 0
  const headers = (cookie: string) => ({
    cookie,
    ...(opts.body ? { 'content-type': 'application/json', 'origin': opts.baseUrl } : {}),
  })
  const times: number[] = []
  let instance!: autocannon.Instance
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({
      url: opts.baseUrl,
      connections: opts.cookies.length,
      duration: opts.seconds,
      // Each connection sends one request at a time, as a browser's save queue does.
      pipelining: 1,
      setupClient(client) {
        const cookie = opts.cookies[next++ % opts.cookies.length]!
        client.setRequests([{
          method: opts.method ?? 'GET',
          path: opts.path,
          headers: headers(cookie),
          ...(opts.body ? { setupRequest: (request: autocannon.Request) => ({ ...request, body: opts.body!() }) } : {}),
        }])
      },
    }, (error, result) => error ? reject(error) : resolve(result))
  })
  instance.on('response', (_client, _status, _bytes, took) => { times.push(took) })
  return { result: await done, times }
}

/** The table rows for one load run: throughput, latency quantiles and anything that was not a 2xx. */
export function loadRows(label: string, { result, times }: LoadResult, quantiles: number[] = [0.5, 0.95, 0.99]): BenchRow[] {
  return [
    { measure: `${label}: requests/s`, value: (result.requests.total / result.duration).toFixed(0) },
    ...quantiles.map(q => ({ measure: `${label}: p${q * 100}`, value: ms(quantile(times, q)) })),
    { measure: `${label}: requests (non-2xx, errors)`, value: `${result.requests.total} (${result.non2xx}, ${result.errors + result.timeouts})` },
  ]
}
