/**
 * The SCORM runtime in the learner's browser: scorm-again's API object for the package, loaded with the
 * data the server handed out at launch, and a transport that sends only what changed since the last
 * acknowledged commit, numbered in order. The final commit on exit goes as a keepalive request, so it
 * survives the tab closing.
 *
 * The package itself runs on the content origin (server/utils/scorm-origin.ts), out of this page's reach
 * and this page out of its. Its frame holds a stand-in API (server/assets/scorm-frame/bridge.js) that
 * posts each call here; only messages from that frame's window and origin, of the known kinds, are heard.
 */
import type { Scorm12API, Scorm2004API } from 'scorm-again'
import { parseBridgeMessage, SCORM_BRIDGE_TAG, type ScormBridgeCall } from '#shared/scorm'

export interface LaunchData {
  attemptId: string
  attemptNumber: number
  launch: number
  version: '1.2' | '2004'
  title: string
  /** The package's frame, on the content origin, at a signed address. */
  launchUrl: string
  contentOrigin: string
  /** Where the package's frame sends this launch's last changes if this page is gone before it (signed). */
  exitUrl: string
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

/** Elements a package may only write: the frame's copy of the data leaves them out. */
const WRITE_ONLY = new Set(['cmi.exit', 'cmi.session_time', 'cmi.core.exit', 'cmi.core.session_time'])

/** scorm-again's nested rendering of the data model as `cmi.a.0.b` keys, for the frame's copy. */
function flattenCmi(node: unknown, prefix: string, out: Values = {}): Values {
  for (const [key, value] of Object.entries((node ?? {}) as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (value !== null && typeof value === 'object') flattenCmi(value, path, out)
    else if (value !== null && value !== undefined && !WRITE_ONLY.has(path)) out[path] = String(value)
  }
  return out
}

const CALLS: Record<'1.2' | '2004', Record<ScormBridgeCall, string>> = {
  '1.2': { initialize: 'LMSInitialize', setValue: 'LMSSetValue', commit: 'LMSCommit', terminate: 'LMSFinish' },
  '2004': { initialize: 'Initialize', setValue: 'SetValue', commit: 'Commit', terminate: 'Terminate' },
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

  let frame: () => HTMLIFrameElement | null = () => null

  /** A call from the package's frame, carried out on the real runtime in the order it was made. */
  function onMessage(event: MessageEvent) {
    const source = frame()?.contentWindow
    if (!api || !launch || !source || event.origin !== launch.contentOrigin || event.source !== source) return
    const message = parseBridgeMessage(event.data)
    if (!message) return
    if (message.type === 'ready') {
      // The frame's copy of the learner's data, so the package's GetValue can answer at once.
      source.postMessage({
        tag: SCORM_BRIDGE_TAG,
        type: 'init',
        values: flattenCmi(api.renderCMIToJSONObject(), ''),
        exit: { url: launch.exitUrl, launch: launch.launch, neverSent: [...NEVER_SENT] },
      }, launch.contentOrigin)
      return
    }
    const method = (api as unknown as Record<string, (...args: string[]) => string>)[CALLS[launch.version][message.method]]!
    const result = method.apply(api, message.args.length ? message.args : [''])
    if (result === 'false' && message.method === 'setValue') console.warn(`SCORM: the course set ${message.args[0]} to a value the runtime refused (error ${api.lastErrorCode}).`)
  }

  /**
   * Creates the API object, loaded with the launch data, and listens to the package's frame (`getFrame`),
   * before the frame is given its address.
   */
  async function start(data: LaunchData, getFrame: () => HTMLIFrameElement | null, onFinish: () => void) {
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
    frame = getFrame
    window.addEventListener('message', onMessage)
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
    window.removeEventListener('message', onMessage)
    frame = () => null
    api = null
  }

  return { start, stop, flushOnLeave, status, lastError }
}
