/**
 * The SCORM runtime in the learner's browser: scorm-again's API object for the package (window.API for
 * 1.2, window.API_1484_11 for 2004), loaded with the data the server handed out at launch, and a
 * transport that sends only what changed since the last acknowledged commit, numbered in order.
 * The final commit on exit goes as a keepalive request, so it survives the tab closing.
 */
import type { Scorm12API, Scorm2004API } from 'scorm-again'

export interface LaunchData {
  attemptId: string
  attemptNumber: number
  launch: number
  version: '1.2' | '2004'
  title: string
  launchUrl: string
  resume: boolean
  cmi: Record<string, string>
}

type Api = Scorm12API | Scorm2004API
type Values = Record<string, string>

/** Browsers refuse keepalive bodies beyond 64 KiB in flight; leave room for headers and other requests. */
const KEEPALIVE_LIMIT = 60 * 1024
/** Computed by the runtime from the server's figures: the server keeps its own total. */
const NEVER_SENT = new Set(['cmi.total_time', 'cmi.core.total_time'])

interface CommitAnswer {
  result: boolean
  errorCode?: number
  message?: string
}

function flatValues(params: unknown): Values {
  const out: Values = {}
  for (const [key, value] of Object.entries((params ?? {}) as Record<string, unknown>)) {
    if (value === null || value === undefined || typeof value === 'object') continue
    out[key] = String(value)
  }
  return out
}

export function useScormRuntime() {
  const status = ref<'idle' | 'saving' | 'saved' | 'error' | 'finished'>('idle')
  const lastError = ref<string | null>(null)
  let api: Api | null = null
  let acknowledged: Values = {}
  let launch: LaunchData | null = null
  // Our own count per launch (the server orders commits by launch, then this), shared by every way of sending.
  let seq = 0

  const url = () => `/api/scorm/attempts/${launch!.attemptId}/commit`

  function deltaOf(params: unknown): Values {
    const current = flatValues(params)
    const delta: Values = {}
    for (const [key, value] of Object.entries(current)) {
      if (NEVER_SENT.has(key) || acknowledged[key] === value) continue
      // The runtime lists fields a package never set (a new interaction's timestamp, say) as "".
      if (value === '' && acknowledged[key] === undefined) continue
      delta[key] = value
    }
    return delta
  }

  function sendSync(body: string): CommitAnswer {
    const xhr = new XMLHttpRequest()
    // SCORM's Commit is synchronous: it must say whether the data was stored.
    xhr.open('POST', url(), false)
    xhr.setRequestHeader('content-type', 'application/json')
    try {
      xhr.send(body)
    }
    catch {
      return { result: false, errorCode: 391, message: 'We could not reach the server.' }
    }
    try {
      return JSON.parse(xhr.responseText) as CommitAnswer
    }
    catch {
      return { result: false, errorCode: 391, message: `The server answered ${xhr.status}.` }
    }
  }

  const transport = {
    processHttpRequest(_url: string, params: unknown, immediate: boolean) {
      const delta = deltaOf(params)
      const body = JSON.stringify({ launch: launch!.launch, seq: ++seq, values: delta, terminate: immediate })
      if (immediate && body.length <= KEEPALIVE_LIMIT) {
        // Terminate often runs while the page is going away, when a synchronous request is refused.
        void fetch(url(), { method: 'POST', body, keepalive: true, headers: { 'content-type': 'application/json' } })
          .then(res => res.json() as Promise<CommitAnswer>)
          .then((answer) => { status.value = answer.result ? 'finished' : 'error' })
          .catch(() => { status.value = 'error' })
        acknowledged = { ...acknowledged, ...delta }
        return { result: 'true', errorCode: 0 }
      }
      status.value = 'saving'
      const answer = sendSync(body)
      if (answer.result) {
        acknowledged = { ...acknowledged, ...delta }
        status.value = immediate ? 'finished' : 'saved'
        lastError.value = null
        return { result: 'true', errorCode: 0 }
      }
      status.value = 'error'
      lastError.value = answer.message ?? 'Your progress could not be saved.'
      return { result: 'false', errorCode: answer.errorCode ?? 391 }
    },
    updateSettings() {},
  }

  /** Creates the API object in this window, loaded with the launch data, before the package starts. */
  async function start(data: LaunchData, onFinish: () => void) {
    launch = data
    const { Scorm12API, Scorm2004API } = await import('scorm-again')
    const settings = {
      lmsCommitUrl: `/api/scorm/attempts/${data.attemptId}/commit`,
      dataCommitFormat: 'flattened',
      autocommit: true,
      autocommitSeconds: 30,
      logLevel: 5 as const,
      httpService: transport,
    }
    api = data.version === '1.2' ? new Scorm12API(settings) : new Scorm2004API(settings)
    api.loadFromFlattenedJSON(data.cmi, '')
    // What the server already holds: only changes from here on are sent.
    acknowledged = flatValues(api.renderCommitCMI(false))
    api.on(data.version === '1.2' ? 'LMSFinish' : 'Terminate', () => onFinish())
    const w = window as unknown as Record<string, unknown>
    if (data.version === '1.2') w.API = api
    else w.API_1484_11 = api
  }

  /** If the page goes away before the package terminated, send what changed as a last keepalive commit. */
  function flushOnLeave() {
    if (!api || !launch || api.isTerminated() || !api.isInitialized()) return
    const delta = deltaOf(api.renderCommitCMI(false))
    if (!Object.keys(delta).length) return
    const body = JSON.stringify({ launch: launch.launch, seq: ++seq, values: delta, terminate: false })
    if (body.length <= KEEPALIVE_LIMIT) void fetch(url(), { method: 'POST', body, keepalive: true, headers: { 'content-type': 'application/json' } }).catch(() => {})
  }

  function stop() {
    const w = window as unknown as Record<string, unknown>
    delete w.API
    delete w.API_1484_11
    api = null
  }

  return { start, stop, flushOnLeave, status, lastError }
}
