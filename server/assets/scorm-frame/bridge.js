/*
 * The SCORM API inside the package's frame, on the content origin. The real runtime (scorm-again) lives in
 * the player page on the site's origin, which this frame cannot reach, so the package finds this stand-in
 * as window.API (1.2) or window.API_1484_11 (2004) in its parent (this frame) and it talks to the player by
 * postMessage, to the site's exact origin only.
 *
 * SCORM calls are synchronous and postMessage is not: the player sends the learner's data once, before the
 * package loads; GetValue answers from that copy, SetValue updates it and passes the change on, and the
 * player's runtime validates, commits and reports to the server in the order the calls were made.
 *
 * When the tab closes, the player page unloads before this frame and the package's unload handlers (where
 * many set cmi.exit and Terminate) post to nobody. So calls made once leaving has begun also go straight to
 * the server, to the launch's signed exit address on this origin, numbered after anything the player sent.
 */
(function () {
  'use strict'
  var config = JSON.parse(document.getElementById('cmfc-bridge-config').textContent)
  var is2004 = config.version === '2004'
  var values = null
  var initialized = false
  var terminated = false
  var lastError = '0'
  var exit = null
  var changed = {}
  var beforeUnload = false
  var leaving = false
  var callsWhileLeaving = false
  var exitSeq = 500000000

  /** Every change the package made this launch, with the numbering the server orders commits by. */
  function sendExitCommit() {
    var body = JSON.stringify({ launch: exit.launch, seq: ++exitSeq, values: changed, terminate: terminated })
    try {
      fetch(exit.url, { method: 'POST', keepalive: true, headers: { 'content-type': 'application/json' }, body: body })
    }
    catch { /* nothing more can be done as the page goes */ }
  }

  function noteCall() {
    if (beforeUnload) callsWhileLeaving = true
    if (leaving && exit) sendExitCommit()
  }

  function post(type, method, args) {
    window.parent.postMessage({ tag: config.tag, type: type, method: method, args: args }, config.appOrigin)
  }

  /** `cmi.interactions._count` and the like: one more than the highest index held. */
  function count(element) {
    var prefix = element.slice(0, -'_count'.length)
    var n = 0
    for (var key in values) {
      if (key.indexOf(prefix) !== 0) continue
      var index = parseInt(key.slice(prefix.length), 10)
      if (index + 1 > n) n = index + 1
    }
    return String(n)
  }

  function initialize() {
    if (initialized || terminated) {
      lastError = is2004 ? (terminated ? '104' : '103') : '101'
      return 'false'
    }
    initialized = true
    lastError = '0'
    post('call', 'initialize', [])
    return 'true'
  }

  function terminate() {
    if (!initialized || terminated) {
      lastError = is2004 ? (terminated ? '113' : '112') : '301'
      return 'false'
    }
    terminated = true
    lastError = '0'
    post('call', 'terminate', [])
    noteCall()
    return 'true'
  }

  function getValue(element) {
    element = String(element)
    lastError = '0'
    if (/\._count$/.test(element)) return count(element)
    return Object.prototype.hasOwnProperty.call(values, element) ? values[element] : ''
  }

  function setValue(element, value) {
    element = String(element)
    value = String(value)
    lastError = '0'
    values[element] = value
    if (exit && exit.neverSent.indexOf(element) < 0) changed[element] = value
    post('call', 'setValue', [element, value])
    noteCall()
    return 'true'
  }

  function commit() {
    lastError = '0'
    post('call', 'commit', [])
    noteCall()
    return 'true'
  }

  var errorText = function () { return lastError === '0' ? '' : 'See the course player for details.' }
  var getLastError = function () { return lastError }

  if (is2004) {
    window.API_1484_11 = {
      Initialize: initialize, Terminate: terminate, GetValue: getValue, SetValue: setValue, Commit: commit,
      GetLastError: getLastError, GetErrorString: errorText, GetDiagnostic: errorText,
    }
  }
  else {
    window.API = {
      LMSInitialize: initialize, LMSFinish: terminate, LMSGetValue: getValue, LMSSetValue: setValue, LMSCommit: commit,
      LMSGetLastError: getLastError, LMSGetErrorString: errorText, LMSGetDiagnostic: errorText,
    }
  }

  // The learner's data arrives once, from the player page that framed us; then the package loads.
  window.addEventListener('message', function (event) {
    if (values || event.origin !== config.appOrigin || event.source !== window.parent) return
    var data = event.data
    if (!data || data.tag !== config.tag || data.type !== 'init' || typeof data.values !== 'object') return
    values = {}
    for (var key in data.values) values[key] = String(data.values[key])
    if (data.exit && typeof data.exit.url === 'string' && data.exit.url.indexOf(location.origin + '/') === 0) exit = data.exit
    document.getElementById('cmfc-package').src = config.src
  })
  // Parent documents hear these before the package's frame does; a cancelled beforeunload leaves all as it was.
  window.addEventListener('beforeunload', function () { beforeUnload = true })
  window.addEventListener('pagehide', function () {
    leaving = true
    if (exit && initialized && (callsWhileLeaving || !terminated)) sendExitCommit()
  })
  post('ready')
})()
