/*
 * Quizzes, scenarios and the final assessment of the exported course, in plain JavaScript. There is no
 * server inside a SCORM package, so answers are checked here, in the learner's browser, and the keys
 * ship with the package. Results go to the launch page (window.parent.CMFC), which reports them.
 */
(function () {
  'use strict'
  var data = JSON.parse(document.getElementById('cmfc-activities').textContent)
  var host = window.parent && window.parent !== window && window.parent.CMFC ? window.parent.CMFC : null

  function el(tag, attrs, children) {
    var node = document.createElement(tag)
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k]
      else node.setAttribute(k, attrs[k])
    })
    ;(children || []).forEach(function (c) { if (c) node.appendChild(c) })
    return node
  }
  var uid = 0
  function nextId(prefix) { uid += 1; return prefix + '-' + uid }
  function shuffle(list) {
    var a = list.slice()
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1))
      var t = a[i]; a[i] = a[j]; a[j] = t
    }
    return a
  }
  function rightsOf(q) {
    var seen = []
    q.pairs.forEach(function (p) { if (seen.indexOf(p.right) < 0) seen.push(p.right) })
    return seen.sort()
  }

  /** One question as a fieldset; returns { node, grade } where grade() gives a score from 0 to 1. */
  function renderQuestion(q, number) {
    var legend = el('legend', { text: (number ? number + '. ' : '') + q.prompt })
    var box = el('fieldset', { 'class': 'question', 'data-question-id': q.id }, [legend])
    var name = nextId('q')
    if (q.type === 'single' || q.type === 'truefalse' || q.type === 'multiple') {
      if (q.type === 'multiple') box.appendChild(el('p', { 'class': 'hint', text: 'Choose all that apply.' }))
      // Shuffled, as on the site, so no answer can be found by its position.
      shuffle(q.options).forEach(function (o) {
        var id = nextId('opt')
        box.appendChild(el('div', { 'class': 'choice' }, [
          el('input', { type: q.type === 'multiple' ? 'checkbox' : 'radio', name: name, id: id, value: o.id }),
          el('label', { 'for': id, text: o.text }),
        ]))
      })
    }
    else if (q.type === 'ordering') {
      box.appendChild(el('p', { 'class': 'hint', text: 'Give each step its position, from 1 (first) to ' + q.items.length + ' (last).' }))
      shuffle(q.items).forEach(function (item) {
        var id = nextId('ord')
        var select = el('select', { id: id, 'data-item-id': item.id }, [el('option', { value: '', text: 'Choose a position' })])
        for (var i = 1; i <= q.items.length; i++) select.appendChild(el('option', { value: String(i), text: String(i) }))
        box.appendChild(el('div', { 'class': 'choice' }, [el('label', { 'for': id, text: item.text }), select]))
      })
    }
    else if (q.type === 'matching') {
      var rights = rightsOf(q)
      shuffle(q.pairs).forEach(function (pair) {
        var id = nextId('match')
        var select = el('select', { id: id, 'data-pair-id': pair.id }, [el('option', { value: '', text: 'Choose a match' })])
        rights.forEach(function (r) { select.appendChild(el('option', { value: r, text: r })) })
        box.appendChild(el('div', { 'class': 'choice' }, [el('label', { 'for': id, text: pair.left }), select]))
      })
    }
    function grade() {
      if (q.type === 'single' || q.type === 'truefalse') {
        var chosen = box.querySelector('input:checked')
        var option = chosen && q.options.filter(function (o) { return o.id === chosen.value })[0]
        return { score: option && option.correct ? 1 : 0, response: chosen ? chosen.value : '' }
      }
      if (q.type === 'multiple') {
        var picked = Array.prototype.map.call(box.querySelectorAll('input:checked'), function (i) { return i.value })
        var right = q.options.filter(function (o) { return o.correct }).map(function (o) { return o.id })
        var hits = picked.filter(function (id) { return right.indexOf(id) >= 0 }).length
        var misses = picked.length - hits
        return { score: Math.max(0, (hits - misses) / right.length), response: picked.join(',') }
      }
      if (q.type === 'ordering') {
        var placed = 0
        var order = []
        q.items.forEach(function (item, index) {
          var value = box.querySelector('[data-item-id="' + item.id + '"]').value
          order.push(item.id + ':' + value)
          if (Number(value) === index + 1) placed += 1
        })
        return { score: placed / q.items.length, response: order.join(',') }
      }
      var matched = 0
      var answers = []
      q.pairs.forEach(function (pair) {
        var value = box.querySelector('[data-pair-id="' + pair.id + '"]').value
        answers.push(pair.id + ':' + value)
        if (value === pair.right) matched += 1
      })
      return { score: matched / q.pairs.length, response: answers.join(',') }
    }
    return { node: box, grade: grade }
  }

  function explain(q, score) {
    return el('div', { 'class': 'feedback', role: 'status' }, [
      el('p', { 'class': 'result', text: score === 1 ? 'Correct.' : score > 0 ? 'Partly correct.' : 'Not quite.' }),
      el('p', { text: q.explanation }),
    ])
  }

  function renderQuiz(container, quiz) {
    var heading = el('h2', { text: quiz.title })
    container.appendChild(heading)
    var rendered = quiz.questions.map(function (q, i) { return { q: q, r: renderQuestion(q, i + 1) } })
    var form = el('form', { 'class': 'quiz' })
    rendered.forEach(function (x) { form.appendChild(x.r.node) })
    var button = el('button', { type: 'submit', text: 'Check my answers' })
    form.appendChild(button)
    form.addEventListener('submit', function (event) {
      event.preventDefault()
      rendered.forEach(function (x) {
        var old = x.r.node.querySelector('.feedback')
        if (old) old.parentNode.removeChild(old)
        x.r.node.appendChild(explain(x.q, x.r.grade().score))
      })
      if (host) host.activityDone(quiz.id)
    })
    container.appendChild(form)
  }

  function renderScenario(container, scenario) {
    container.appendChild(el('h2', { text: 'Scenario: ' + scenario.title }))
    container.appendChild(el('p', { text: scenario.setting }))
    var stage = el('div', { 'class': 'scenario-stage', 'aria-live': 'polite' })
    container.appendChild(stage)
    // The choices taken in this run: the ending depends on the whole path, as on the site.
    var taken = []
    function holds(when) {
      if (!when) return true
      var count = function (q) { return taken.filter(function (t) { return t.choice.quality === q }).length }
      var names = taken.map(function (t) { return t.stepId + '/' + t.choice.id })
      var score = taken.reduce(function (n, t) { return n + ({ good: 2, mixed: 1, poor: 0 })[t.choice.quality] }, 0)
      return (when.maxPoor === undefined || count('poor') <= when.maxPoor)
        && (when.maxMixed === undefined || count('mixed') <= when.maxMixed)
        && (when.minScore === undefined || score >= when.minScore)
        && (when.chose || []).every(function (c) { return names.indexOf(c) >= 0 })
        && !(when.notChose || []).some(function (c) { return names.indexOf(c) >= 0 })
    }
    function endingFrom(id) {
      var byId = function (x) { return scenario.endings.filter(function (e) { return e.id === x })[0] }
      var ending = byId(id)
      for (var hops = 0; ending && !holds(ending.when) && hops <= scenario.endings.length; hops++) ending = byId(ending.otherwise)
      return ending
    }
    function step(id) {
      stage.innerHTML = ''
      if (id === scenario.start) taken = []
      var ending = endingFrom(id)
      if (ending) {
        stage.appendChild(el('h3', { text: ending.title }))
        var decisions = el('ol', {})
        taken.forEach(function (t) { decisions.appendChild(el('li', {}, [el('p', { text: 'You chose: ' + t.choice.text }), el('p', { text: t.choice.feedback })])) })
        stage.appendChild(decisions)
        stage.appendChild(el('p', { text: ending.text }))
        stage.appendChild(el('p', { text: ending.debrief }))
        var again = el('button', { type: 'button', text: 'Try the scenario again' })
        again.addEventListener('click', function () { step(scenario.start) })
        stage.appendChild(again)
        if (host) host.activityDone(scenario.id)
        return
      }
      var current = scenario.steps.filter(function (s) { return s.id === id })[0]
      stage.appendChild(el('p', { text: current.text }))
      var list = el('ul', { 'class': 'scenario-choices' })
      shuffle(current.choices).forEach(function (choice) {
        var button = el('button', { type: 'button', 'data-choice-id': choice.id, text: choice.text })
        button.addEventListener('click', function () {
          taken.push({ stepId: current.id, choice: choice })
          stage.innerHTML = ''
          stage.appendChild(el('p', { text: choice.consequence }))
          stage.appendChild(el('p', { text: choice.feedback }))
          var next = el('button', { type: 'button', text: 'Continue' })
          next.addEventListener('click', function () { step(choice.next) })
          stage.appendChild(next)
          next.focus()
        })
        list.appendChild(el('li', {}, [button]))
      })
      stage.appendChild(list)
    }
    step(scenario.start)
  }

  /** Draws questions across the pool's sections in turn, so every section is tested. */
  function draw(pool, count) {
    var groups = pool.map(function (g) { return shuffle(g.questions) })
    var picked = []
    for (var round = 0; picked.length < count && groups.some(function (g) { return g.length > round }); round++) {
      shuffle(groups).forEach(function (g) { if (picked.length < count && g[round]) picked.push(g[round]) })
    }
    return picked
  }

  function renderAssessment(container, assessment) {
    var passMark = host ? host.passMark : assessment.passMark
    container.appendChild(el('p', { text: 'Answer all ' + assessment.drawCount + ' questions, then submit. You need ' + passMark + '% to pass. You can try again.' }))
    var form = el('form', { 'class': 'quiz' })
    container.appendChild(form)
    var outcome = el('div', { 'class': 'feedback', role: 'status' })
    function start() {
      form.innerHTML = ''
      outcome.textContent = ''
      var rendered = draw(assessment.pool, assessment.drawCount).map(function (q, i) { return { q: q, r: renderQuestion(q, i + 1) } })
      rendered.forEach(function (x) { form.appendChild(x.r.node) })
      form.appendChild(el('button', { type: 'submit', text: 'Submit my answers' }))
      form.onsubmit = function (event) {
        event.preventDefault()
        var total = 0
        var questions = rendered.map(function (x) {
          var g = x.r.grade()
          total += g.score
          return { id: x.q.id, response: g.response, correct: g.score === 1 }
        })
        var percent = Math.round((total / rendered.length) * 100)
        var reply = host ? host.assessmentSubmitted({ percent: percent, questions: questions }) : null
        form.innerHTML = ''
        outcome.appendChild(el('p', { 'class': 'result', text: 'Your score: ' + percent + '%. ' + (percent >= passMark ? 'You passed.' : 'You need ' + passMark + '% to pass.') }))
        if (reply && reply.complete) outcome.appendChild(el('p', { text: 'You have completed the course.' }))
        var again = el('button', { type: 'button', text: 'Try again with new questions' })
        again.addEventListener('click', start)
        outcome.appendChild(again)
      }
    }
    container.appendChild(outcome)
    start()
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-quiz]'), function (node) {
    var quiz = data.quizzes[node.getAttribute('data-quiz')]
    if (quiz) renderQuiz(node, quiz)
  })
  Array.prototype.forEach.call(document.querySelectorAll('[data-scenario]'), function (node) {
    var scenario = data.scenarios[node.getAttribute('data-scenario')]
    if (scenario) renderScenario(node, scenario)
  })
  var assessment = document.querySelector('[data-assessment]')
  if (assessment && data.assessment) renderAssessment(assessment, data.assessment)
})()
