/*
 * The exported course's SCO: finds the host LMS's SCORM API (ADL's discovery algorithm, through the
 * parent and opener chains), keeps the learner's place, and reports progress, score, completion and
 * suspend data. Pages load in the frame below; they call window.CMFC when an activity or the final
 * assessment is done. There is no server here: quizzes and the assessment are graded in the browser.
 */
(function () {
  'use strict'
  var config = JSON.parse(document.getElementById('cmfc-config').textContent)
  var is2004 = config.version === '2004'
  var api = null
  var finished = false
  var startedAt = Date.now()
  var state = { p: 0, v: [], d: [], s: null }

  function scan(win) {
    for (var tries = 0; win && tries < 500; tries++) {
      try {
        if (is2004 && win.API_1484_11) return win.API_1484_11
        if (!is2004 && win.API) return win.API
      }
      catch { /* a frame from another site: keep looking */ }
      if (!win.parent || win.parent === win) break
      win = win.parent
    }
    return null
  }
  function findApi() {
    var found = window.parent && window.parent !== window ? scan(window.parent) : null
    if (!found && window.opener) found = scan(window.opener)
    return found
  }
  function call(name12, name2004) {
    var args = Array.prototype.slice.call(arguments, 2)
    if (!api) return ''
    return String(api[is2004 ? name2004 : name12].apply(api, args))
  }
  function get(el12, el2004) {
    var element = is2004 ? el2004 : el12
    return element ? call('LMSGetValue', 'GetValue', element) : ''
  }
  function set(el12, el2004, value) {
    var element = is2004 ? el2004 : el12
    if (element) call('LMSSetValue', 'SetValue', element, String(value))
  }
  function commit() { call('LMSCommit', 'Commit', '') }

  function pad(n, w) { n = String(n); while (n.length < w) n = '0' + n; return n }
  function sessionTime() {
    var s = Math.floor((Date.now() - startedAt) / 1000)
    if (is2004) return 'PT' + Math.floor(s / 3600) + 'H' + Math.floor((s % 3600) / 60) + 'M' + (s % 60) + 'S'
    return pad(Math.floor(s / 3600), 4) + ':' + pad(Math.floor((s % 3600) / 60), 2) + ':' + pad(s % 60, 2)
  }

  var pages = config.pages
  var frame = document.getElementById('cmfc-frame')
  var status = document.getElementById('cmfc-status')
  var links = document.querySelectorAll('[data-page]')

  function say(text) { status.textContent = text }
  function sectionsDone() { return state.v.length >= pages.length - 1 }
  function complete() { return sectionsDone() && state.s !== null }

  function save() {
    set('cmi.core.lesson_location', 'cmi.location', state.p)
    set('cmi.suspend_data', 'cmi.suspend_data', JSON.stringify(state))
    if (is2004) set(null, 'cmi.progress_measure', (Math.min(state.v.length, pages.length - 1) + (state.s !== null ? 1 : 0)) / pages.length)
    if (complete()) {
      var passed = state.s >= config.passMark
      if (is2004) {
        set(null, 'cmi.completion_status', 'completed')
        set(null, 'cmi.success_status', passed ? 'passed' : 'failed')
      }
      else {
        set('cmi.core.lesson_status', null, passed ? 'passed' : 'failed')
      }
    }
    commit()
  }

  function markNav() {
    for (var i = 0; i < links.length; i++) {
      var n = Number(links[i].getAttribute('data-page'))
      if (n === state.p) links[i].setAttribute('aria-current', 'page')
      else links[i].removeAttribute('aria-current')
      var mark = links[i].parentNode.querySelector('.done')
      if (mark) mark.textContent = state.v.indexOf(n) >= 0 || (n === pages.length - 1 && state.s !== null) ? ' (visited)' : ''
    }
    document.getElementById('cmfc-prev').disabled = state.p === 0
    document.getElementById('cmfc-next').disabled = state.p === pages.length - 1
  }

  function show(index) {
    state.p = Math.max(0, Math.min(pages.length - 1, index))
    frame.src = pages[state.p].href
    frame.title = pages[state.p].title
    // The assessment counts as visited only when submitted; every other page when opened.
    if (state.p < pages.length - 1 && state.v.indexOf(state.p) < 0) state.v.push(state.p)
    markNav()
    save()
  }

  function finish() {
    if (finished || !api) return
    finished = true
    set('cmi.core.session_time', 'cmi.session_time', sessionTime())
    // Suspend keeps the attempt open for next time; a finished course ends it normally.
    set('cmi.core.exit', 'cmi.exit', complete() ? '' : 'suspend')
    save()
    call('LMSFinish', 'Terminate', '')
  }

  window.CMFC = {
    activityDone: function (id) {
      if (state.d.indexOf(id) < 0) state.d.push(id)
      save()
    },
    assessmentSubmitted: function (result) {
      state.s = state.s === null ? result.percent : Math.max(state.s, result.percent)
      if (is2004) {
        set(null, 'cmi.score.raw', result.percent)
        set(null, 'cmi.score.min', 0)
        set(null, 'cmi.score.max', 100)
        set(null, 'cmi.score.scaled', result.percent / 100)
      }
      else {
        set('cmi.core.score.raw', null, result.percent)
        set('cmi.core.score.min', null, 0)
        set('cmi.core.score.max', null, 100)
      }
      var base = Number(get('cmi.interactions._count', 'cmi.interactions._count')) || 0
      for (var i = 0; i < result.questions.length && base + i < 250; i++) {
        var q = result.questions[i]
        var n = 'cmi.interactions.' + (base + i) + '.'
        set(n + 'id', n + 'id', q.id)
        set(n + 'type', n + 'type', is2004 ? 'other' : 'performance')
        set(n + 'student_response', n + 'learner_response', q.response.slice(0, is2004 ? 4000 : 255))
        set(n + 'result', n + 'result', q.correct ? 'correct' : (is2004 ? 'incorrect' : 'wrong'))
      }
      save()
      markNav()
      say(complete() ? 'Course complete. You can leave with "Save and exit".' : 'Your result is saved. Visit every section to complete the course.')
      return { complete: complete(), passMark: config.passMark }
    },
    passMark: config.passMark,
  }

  api = findApi()
  if (!api) {
    say('This course could not find the learning platform, so your progress will not be recorded.')
  }
  else if (call('LMSInitialize', 'Initialize', '') !== 'true') {
    api = null
    say('The learning platform did not start this course, so your progress will not be recorded.')
  }
  else {
    try {
      var saved = get('cmi.suspend_data', 'cmi.suspend_data')
      if (saved) {
        var parsed = JSON.parse(saved)
        if (parsed && Array.isArray(parsed.v)) state = { p: Number(parsed.p) || 0, v: parsed.v, d: parsed.d || [], s: typeof parsed.s === 'number' ? parsed.s : null }
      }
    }
    catch { /* unreadable suspend data: start afresh */ }
    var status12 = get('cmi.core.lesson_status', null)
    if (is2004 && ['unknown', 'not attempted', ''].indexOf(get(null, 'cmi.completion_status')) >= 0) set(null, 'cmi.completion_status', 'incomplete')
    if (!is2004 && (status12 === 'not attempted' || status12 === '')) set('cmi.core.lesson_status', null, 'incomplete')
    if (state.p > 0) say('Welcome back: you are where you left off.')
  }

  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener('click', function (event) {
      event.preventDefault()
      show(Number(this.getAttribute('data-page')))
    })
  }
  document.getElementById('cmfc-prev').addEventListener('click', function () { show(state.p - 1) })
  document.getElementById('cmfc-next').addEventListener('click', function () { show(state.p + 1) })
  document.getElementById('cmfc-exit').addEventListener('click', function () {
    finish()
    frame.removeAttribute('src')
    say('Your progress is saved. You can close this course now.')
  })
  window.addEventListener('pagehide', finish)
  window.addEventListener('beforeunload', finish)
  show(state.p)
})()
