/**
 * The SCORM run-time data model as this server accepts it: every element a content package may write,
 * its type and size limit, and the SCORM error code for a value that breaks them. Commits come from the
 * browser, so the server checks them again whatever scorm-again already checked there.
 */

export type ScormVersion = '1.2' | '2004'
export type CompletionStatus = 'unknown' | 'not attempted' | 'incomplete' | 'completed'
export type SuccessStatus = 'unknown' | 'failed' | 'passed'

type Access = 'rw' | 'ro' | 'wo'
/** null when the value is fine; otherwise which error: a wrong type or a value out of range. */
type Check = (value: string) => null | 'type' | 'range'

interface Rule {
  pattern: RegExp
  access: Access
  check: Check
}

/** SCORM's own error codes for what a SetValue (and so a commit) can get wrong. */
export const CMI_ERRORS = {
  '1.2': { undefined: 401, readOnly: 403, type: 405, range: 405, index: 201, dependency: 201 },
  '2004': { undefined: 401, readOnly: 404, type: 406, range: 407, index: 351, dependency: 408 },
} as const

// ---- value types -------------------------------------------------------------------------------

const chars = (max: number): Check => v => v.length <= max ? null : 'type'
const nonEmptyToken = (max: number): Check => v => v.length >= 1 && v.length <= max && !/\s/.test(v) ? null : 'type'
const vocab = (...words: string[]): Check => v => words.includes(v) ? null : 'type'
const DECIMAL = /^-?\d{1,10}(?:\.\d{1,10})?$/
const real = (min = -Infinity, max = Infinity): Check => (v) => {
  if (!DECIMAL.test(v)) return 'type'
  const n = Number(v)
  return n >= min && n <= max ? null : 'range'
}
/** SCORM 1.2 scores: a decimal from 0 to 100, or blank. */
const score12: Check = v => v === '' ? null : real(0, 100)(v)
const integerIn = (min: number, max: number): Check => v => /^-?\d{1,4}$/.test(v) ? (Number(v) >= min && Number(v) <= max ? null : 'range') : 'type'
/** 2004 localized strings may start with {lang=xx}; the limit counts the text after it. */
const localized = (max: number): Check => v => v.replace(/^\{lang=[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*\}/, '').length <= max ? null : 'type'
const language: Check = v => v === '' || /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/.test(v) ? (v.length <= 250 ? null : 'type') : 'type'

const DURATION_2004 = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$/
const TIMESPAN_12 = /^(\d{2,4}):([0-5]\d):([0-5]\d)(?:\.\d{1,2})?$/
const TIME_12 = /^([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.\d{1,2})?$/
const TIME_2004 = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.\d{1,2})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/

const duration2004: Check = v => DURATION_2004.test(v) && v !== 'P' && !v.endsWith('T') ? null : 'type'
const timespan12: Check = v => TIMESPAN_12.test(v) ? null : 'type'
const time12: Check = v => TIME_12.test(v) ? null : 'type'
const time2004: Check = (v) => {
  const m = TIME_2004.exec(v)
  if (!m) return 'type'
  const year = Number(m[1])
  return year >= 1970 && year <= 2038 ? null : 'range'
}

const LESSON_STATUS = ['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted']
const INTERACTION_TYPES_2004 = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other']
const resultOr = (...words: string[]): Check => v => words.includes(v) || DECIMAL.test(v) ? null : 'type'

// ---- the tables --------------------------------------------------------------------------------

/** `cmi.interactions.n.id` matches cmi.interactions.0.id, cmi.interactions.1.id, … */
const rule = (name: string, access: Access, check: Check): Rule =>
  ({ pattern: new RegExp(`^${name.split('.').map(part => part === 'n' ? '\\d+' : part).join('\\.')}$`), access, check })
const readOnly = (name: string) => rule(name, 'ro', () => null)

const RULES_2004: Rule[] = [
  rule('cmi.completion_status', 'rw', vocab('completed', 'incomplete', 'not attempted', 'unknown')),
  rule('cmi.success_status', 'rw', vocab('passed', 'failed', 'unknown')),
  rule('cmi.exit', 'wo', vocab('time-out', 'suspend', 'logout', 'normal', '')),
  rule('cmi.location', 'rw', chars(1000)),
  rule('cmi.suspend_data', 'rw', chars(64000)),
  rule('cmi.progress_measure', 'rw', real(0, 1)),
  rule('cmi.score.scaled', 'rw', real(-1, 1)),
  rule('cmi.score.raw', 'rw', real()),
  rule('cmi.score.min', 'rw', real()),
  rule('cmi.score.max', 'rw', real()),
  rule('cmi.session_time', 'wo', duration2004),
  rule('cmi.learner_preference.audio_level', 'rw', real(0)),
  rule('cmi.learner_preference.language', 'rw', language),
  rule('cmi.learner_preference.delivery_speed', 'rw', real(0)),
  rule('cmi.learner_preference.audio_captioning', 'rw', vocab('-1', '0', '1')),
  rule('cmi.interactions.n.id', 'rw', nonEmptyToken(4000)),
  rule('cmi.interactions.n.type', 'rw', vocab(...INTERACTION_TYPES_2004)),
  rule('cmi.interactions.n.timestamp', 'rw', time2004),
  rule('cmi.interactions.n.weighting', 'rw', real()),
  rule('cmi.interactions.n.learner_response', 'rw', chars(4000)),
  rule('cmi.interactions.n.result', 'rw', resultOr('correct', 'incorrect', 'unanticipated', 'neutral')),
  rule('cmi.interactions.n.latency', 'rw', duration2004),
  rule('cmi.interactions.n.description', 'rw', localized(250)),
  rule('cmi.interactions.n.objectives.n.id', 'rw', nonEmptyToken(4000)),
  rule('cmi.interactions.n.correct_responses.n.pattern', 'rw', chars(4000)),
  rule('cmi.objectives.n.id', 'rw', nonEmptyToken(4000)),
  rule('cmi.objectives.n.score.scaled', 'rw', real(-1, 1)),
  rule('cmi.objectives.n.score.raw', 'rw', real()),
  rule('cmi.objectives.n.score.min', 'rw', real()),
  rule('cmi.objectives.n.score.max', 'rw', real()),
  rule('cmi.objectives.n.success_status', 'rw', vocab('passed', 'failed', 'unknown')),
  rule('cmi.objectives.n.completion_status', 'rw', vocab('completed', 'incomplete', 'not attempted', 'unknown')),
  rule('cmi.objectives.n.progress_measure', 'rw', real(0, 1)),
  rule('cmi.objectives.n.description', 'rw', localized(250)),
  rule('cmi.comments_from_learner.n.comment', 'rw', localized(4000)),
  rule('cmi.comments_from_learner.n.location', 'rw', chars(250)),
  rule('cmi.comments_from_learner.n.timestamp', 'rw', time2004),
  ...['_version', 'learner_id', 'learner_name', 'credit', 'entry', 'mode', 'launch_data', 'completion_threshold',
    'scaled_passing_score', 'max_time_allowed', 'time_limit_action', 'total_time'].map(e => readOnly(`cmi.${e}`)),
  readOnly('cmi.comments_from_lms.n.comment'),
  readOnly('cmi.comments_from_lms.n.location'),
  readOnly('cmi.comments_from_lms.n.timestamp'),
]

const RULES_12: Rule[] = [
  rule('cmi.core.lesson_status', 'rw', vocab(...LESSON_STATUS.filter(s => s !== 'not attempted'))),
  rule('cmi.core.lesson_location', 'rw', chars(255)),
  rule('cmi.core.score.raw', 'rw', score12),
  rule('cmi.core.score.min', 'rw', score12),
  rule('cmi.core.score.max', 'rw', score12),
  rule('cmi.core.exit', 'wo', vocab('time-out', 'suspend', 'logout', '')),
  rule('cmi.core.session_time', 'wo', timespan12),
  rule('cmi.suspend_data', 'rw', chars(4096)),
  rule('cmi.comments', 'rw', chars(4096)),
  rule('cmi.student_preference.audio', 'rw', integerIn(-1, 100)),
  rule('cmi.student_preference.language', 'rw', chars(255)),
  rule('cmi.student_preference.speed', 'rw', integerIn(-100, 100)),
  rule('cmi.student_preference.text', 'rw', vocab('-1', '0', '1')),
  rule('cmi.objectives.n.id', 'rw', nonEmptyToken(255)),
  rule('cmi.objectives.n.score.raw', 'rw', score12),
  rule('cmi.objectives.n.score.min', 'rw', score12),
  rule('cmi.objectives.n.score.max', 'rw', score12),
  rule('cmi.objectives.n.status', 'rw', vocab(...LESSON_STATUS)),
  rule('cmi.interactions.n.id', 'wo', nonEmptyToken(255)),
  rule('cmi.interactions.n.objectives.n.id', 'wo', nonEmptyToken(255)),
  rule('cmi.interactions.n.time', 'wo', time12),
  rule('cmi.interactions.n.type', 'wo', vocab('true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric')),
  rule('cmi.interactions.n.correct_responses.n.pattern', 'wo', chars(255)),
  rule('cmi.interactions.n.weighting', 'wo', real()),
  rule('cmi.interactions.n.student_response', 'wo', chars(255)),
  rule('cmi.interactions.n.result', 'wo', resultOr('correct', 'wrong', 'unanticipated', 'neutral')),
  rule('cmi.interactions.n.latency', 'wo', timespan12),
  ...['core.student_id', 'core.student_name', 'core.credit', 'core.entry', 'core.lesson_mode', 'core.total_time',
    'launch_data', 'comments_from_lms', 'student_data.mastery_score', 'student_data.max_time_allowed',
    'student_data.time_limit_action'].map(e => readOnly(`cmi.${e}`)),
]

/** How many entries a collection may hold (SCORM's smallest permitted maxima), and which field must come first. */
export const COLLECTION_LIMITS: Record<ScormVersion, { prefix: string, max: number, idField?: string }[]> = {
  '2004': [
    { prefix: 'cmi.interactions', max: 250, idField: 'id' },
    { prefix: 'cmi.objectives', max: 100, idField: 'id' },
    { prefix: 'cmi.comments_from_learner', max: 250 },
  ],
  '1.2': [
    { prefix: 'cmi.interactions', max: 250, idField: 'id' },
    { prefix: 'cmi.objectives', max: 100, idField: 'id' },
  ],
}
const NESTED_LIMIT = { objectives: 10, correct_responses: 10 }

/** Most elements one commit may carry: a full 2004 record with 250 interactions fits well inside. */
export const MAX_ELEMENTS_PER_COMMIT = 5000

const rulesFor = (version: ScormVersion) => version === '2004' ? RULES_2004 : RULES_12

export interface CmiError {
  element: string
  code: number
  message: string
}

export type CommitCheck = { ok: true, values: Record<string, string> } | { ok: false, error: CmiError }

/** Numbers are fine on the wire (JSON); stored and checked as the strings SCORM defines. */
export function cmiString(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'boolean') return String(value)
  return null
}

/**
 * Checks every element of a commit against the data model, then the collections in the merged result:
 * no gaps in indices, no more entries than allowed, and (2004) an id before anything else in an entry.
 * The first problem is returned with its SCORM error code; nothing is partly applied.
 */
export function checkCommit(version: ScormVersion, stored: Record<string, string>, incoming: Record<string, unknown>): CommitCheck {
  const codes = CMI_ERRORS[version]
  const fail = (element: string, code: number, message: string): CommitCheck => ({ ok: false, error: { element, code, message } })
  const entries = Object.entries(incoming)
  if (entries.length > MAX_ELEMENTS_PER_COMMIT) return fail('cmi', codes.range, `A commit may hold at most ${MAX_ELEMENTS_PER_COMMIT} elements.`)
  const values: Record<string, string> = {}
  for (const [element, raw] of entries) {
    const value = cmiString(raw)
    const found = rulesFor(version).find(r => r.pattern.test(element))
    if (!found) return fail(element, codes.undefined, `${element} is not a SCORM ${version} data model element this player stores.`)
    if (found.access === 'ro') return fail(element, codes.readOnly, `${element} is read-only.`)
    if (value === null) return fail(element, codes.type, `${element} must be a string.`)
    const problem = found.check(value)
    if (problem) return fail(element, problem === 'range' ? codes.range : codes.type, `${element} has a value of the wrong ${problem === 'range' ? 'range' : 'type or length'}.`)
    values[element] = value
  }
  const merged = { ...stored, ...values }
  for (const { prefix, max, idField } of COLLECTION_LIMITS[version]) {
    const problem = checkCollection(merged, prefix, max, idField, version === '2004')
    if (problem) return fail(problem.element, problem.kind === 'dependency' ? codes.dependency : codes.index, problem.message)
  }
  return { ok: true, values }
}

function indicesOf(keys: string[], prefix: string): Map<number, string[]> {
  const found = new Map<number, string[]>()
  const re = new RegExp(`^${prefix.replaceAll('.', '\\.')}\\.(\\d+)\\.(.+)$`)
  for (const key of keys) {
    const m = re.exec(key)
    if (!m) continue
    const list = found.get(Number(m[1])) ?? []
    list.push(m[2]!)
    found.set(Number(m[1]), list)
  }
  return found
}

function checkCollection(merged: Record<string, string>, prefix: string, max: number, idField: string | undefined, needsIdFirst: boolean):
  { element: string, kind: 'index' | 'dependency', message: string } | null {
  const entries = indicesOf(Object.keys(merged), prefix)
  const indices = [...entries.keys()].sort((a, b) => a - b)
  if (indices.length > max) return { element: `${prefix}.${max}`, kind: 'index', message: `${prefix} may hold at most ${max} entries.` }
  for (const [i, index] of indices.entries()) {
    if (index !== i) return { element: `${prefix}.${index}`, kind: 'index', message: `${prefix}.${index} skips an index: entries must be numbered from 0 without gaps.` }
    const fields = entries.get(index)!
    if (needsIdFirst && idField && !fields.includes(idField)) {
      return { element: `${prefix}.${index}.${fields[0]}`, kind: 'dependency', message: `${prefix}.${index}.${idField} must be set before its other fields.` }
    }
    for (const nested of ['objectives', 'correct_responses'] as const) {
      const inner = indicesOf(fields.map(f => `x.${f}`), `x.${nested}`)
      const innerIdx = [...inner.keys()].sort((a, b) => a - b)
      if (innerIdx.length > NESTED_LIMIT[nested]) return { element: `${prefix}.${index}.${nested}`, kind: 'index', message: `${prefix}.${index}.${nested} may hold at most ${NESTED_LIMIT[nested]} entries.` }
      const gap = innerIdx.find((n, j) => n !== j)
      if (gap !== undefined) return { element: `${prefix}.${index}.${nested}.${gap}`, kind: 'index', message: `${prefix}.${index}.${nested} skips an index.` }
    }
  }
  return null
}

// ---- time ------------------------------------------------------------------------------------

/** Seconds in a SCORM 2004 duration (PnYnMnDTnHnMnS; a month is 30.4375 days, a year 365.25) or a 1.2 timespan. */
export function durationSeconds(version: ScormVersion, value: string): number | null {
  if (version === '1.2') {
    const m = TIMESPAN_12.exec(value)
    if (!m) return null
    const [h, min, s] = value.split(':').map(Number) as [number, number, number]
    return h * 3600 + min * 60 + s
  }
  const m = DURATION_2004.exec(value)
  if (!m || value === 'P' || value.endsWith('T')) return null
  const [, y, mo, d, h, min, s] = m.map(x => Number(x ?? 0))
  return y! * 31_557_600 + mo! * 2_629_800 + d! * 86_400 + h! * 3600 + min! * 60 + s!
}

/** Total time as each version writes it: 2004 PT…H…M…S, 1.2 HHHH:MM:SS. */
export function formatDuration(version: ScormVersion, seconds: number): string {
  const total = Math.max(0, Math.floor(seconds))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  if (version === '1.2') return `${String(Math.min(h, 9999)).padStart(4, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
  return `PT${h}H${m}M${s}S`
}

/**
 * A launch's session_time can claim no more than the time since the launch began (plus a minute for
 * clock and network slack), and never less than nothing.
 */
export function clampSessionSeconds(reported: number, launchedAtMs: number, nowMs: number): number {
  const ceiling = Math.max(0, Math.floor((nowMs - launchedAtMs) / 1000) + 60)
  if (!Number.isFinite(reported)) return 0
  return Math.min(ceiling, Math.max(0, Math.floor(reported)))
}

// ---- statuses ---------------------------------------------------------------------------------

const COMPLETION_RANK: Record<CompletionStatus, number> = { 'unknown': 0, 'not attempted': 0, 'incomplete': 1, 'completed': 2 }
const SUCCESS_RANK: Record<SuccessStatus, number> = { unknown: 0, failed: 1, passed: 2 }
const LESSON_RANK: Record<string, number> = { 'not attempted': 0, 'browsed': 1, 'incomplete': 2, 'failed': 3, 'completed': 3, 'passed': 4 }

export const laterCompletion = (a: CompletionStatus, b: CompletionStatus) => COMPLETION_RANK[b] > COMPLETION_RANK[a] ? b : a
export const laterSuccess = (a: SuccessStatus, b: SuccessStatus) => SUCCESS_RANK[b] > SUCCESS_RANK[a] ? b : a

/**
 * Within one attempt a status never goes back: completed stays completed and passed stays passed,
 * whatever order commits arrive in. Returns the values to store, with any backward step undone.
 */
export function keepStatusesMonotonic(version: ScormVersion, stored: Record<string, string>, values: Record<string, string>): Record<string, string> {
  const result = { ...values }
  const hold = (key: string, rank: Record<string, number>) => {
    const before = stored[key]
    const after = values[key]
    if (before !== undefined && after !== undefined && (rank[after] ?? 0) < (rank[before] ?? 0)) result[key] = before
  }
  if (version === '1.2') {
    hold('cmi.core.lesson_status', LESSON_RANK)
  }
  else {
    hold('cmi.completion_status', COMPLETION_RANK)
    hold('cmi.success_status', SUCCESS_RANK)
  }
  return result
}

export interface PackageRules {
  masteryScaled: number | null
  completionThreshold: number | null
}

export interface Outcome {
  completion: CompletionStatus
  success: SuccessStatus
  scoreScaled: number | null
  scoreRaw: number | null
  progressMeasure: number | null
}

const num = (v: string | undefined) => v === undefined || v === '' || !DECIMAL.test(v) ? null : Number(v)

/**
 * What an attempt's data means for reports. 2004: the manifest's passing score decides success once a
 * scaled score exists, and its completion threshold decides completion once progress is known (RTE 4.2.4,
 * 4.2.22). 1.2: lesson_status maps onto both; with a mastery score and a raw score, "completed" becomes
 * passed or failed, as the 1.2 RTE lets an LMS do.
 */
export function outcomeOf(version: ScormVersion, cmi: Record<string, string>, rules: PackageRules): Outcome {
  if (version === '1.2') {
    const raw = num(cmi['cmi.core.score.raw'])
    const max = num(cmi['cmi.core.score.max'])
    const min = num(cmi['cmi.core.score.min'])
    const scaled = raw === null ? null : clamp((raw - (min ?? 0)) / (((max ?? 100) - (min ?? 0)) || 100), -1, 1)
    let status = cmi['cmi.core.lesson_status'] ?? 'not attempted'
    if (status === 'completed' && rules.masteryScaled !== null && scaled !== null) status = scaled >= rules.masteryScaled ? 'passed' : 'failed'
    const completion: CompletionStatus = ['completed', 'passed', 'failed'].includes(status) ? 'completed' : status === 'not attempted' ? 'not attempted' : 'incomplete'
    const success: SuccessStatus = status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : 'unknown'
    return { completion, success, scoreScaled: scaled, scoreRaw: raw, progressMeasure: null }
  }
  const scaled = num(cmi['cmi.score.scaled'])
  const progress = num(cmi['cmi.progress_measure'])
  let completion = (cmi['cmi.completion_status'] as CompletionStatus | undefined) ?? 'unknown'
  if (rules.completionThreshold !== null && progress !== null) completion = progress >= rules.completionThreshold ? 'completed' : 'incomplete'
  let success = (cmi['cmi.success_status'] as SuccessStatus | undefined) ?? 'unknown'
  if (rules.masteryScaled !== null && scaled !== null) success = scaled >= rules.masteryScaled ? 'passed' : 'failed'
  return { completion, success, scoreScaled: scaled === null ? null : clamp(scaled, -1, 1), scoreRaw: num(cmi['cmi.score.raw']), progressMeasure: progress }
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x))

/** The elements a launch gives a package before it starts, besides what it stored itself. */
export function launchValues(version: ScormVersion, input: {
  learnerId: string
  learnerName: string
  resume: boolean
  totalSeconds: number
  masteryScaled: number | null
  completionThreshold: number | null
  launchData: string | null
  stored: Record<string, string>
}): Record<string, string> {
  const out: Record<string, string> = {}
  if (version === '1.2') {
    Object.assign(out, {
      'cmi.core.student_id': input.learnerId,
      'cmi.core.student_name': input.learnerName.slice(0, 255),
      'cmi.core.entry': input.resume ? 'resume' : 'ab-initio',
      'cmi.core.credit': 'credit',
      'cmi.core.lesson_mode': 'normal',
      'cmi.core.total_time': formatDuration('1.2', input.totalSeconds),
    })
    if (input.masteryScaled !== null) out['cmi.student_data.mastery_score'] = String(Math.round(input.masteryScaled * 100))
    if (input.launchData) out['cmi.launch_data'] = input.launchData
  }
  else {
    Object.assign(out, {
      'cmi.learner_id': input.learnerId,
      'cmi.learner_name': input.learnerName.slice(0, 250),
      'cmi.entry': input.resume ? 'resume' : 'ab-initio',
      'cmi.credit': 'credit',
      'cmi.mode': 'normal',
      'cmi.total_time': formatDuration('2004', input.totalSeconds),
    })
    if (input.masteryScaled !== null) out['cmi.scaled_passing_score'] = String(input.masteryScaled)
    if (input.completionThreshold !== null) out['cmi.completion_threshold'] = String(input.completionThreshold)
    if (input.launchData) out['cmi.launch_data'] = input.launchData
  }
  return { ...out, ...input.stored }
}

/**
 * Objectives the manifest declares exist from the start of an attempt (the golf sample looks them up
 * by id). Returns the entries to add to a new attempt's data, after any it already holds.
 */
export function declaredObjectives(objectiveIds: string[], stored: Record<string, string>): Record<string, string> {
  const ids = Object.entries(stored).filter(([k]) => /^cmi\.objectives\.\d+\.id$/.test(k))
  const known = new Set(ids.map(([, v]) => v))
  let next = ids.length
  const out: Record<string, string> = {}
  for (const id of objectiveIds) {
    if (known.has(id)) continue
    known.add(id)
    out[`cmi.objectives.${next++}.id`] = id
  }
  return out
}

/** The writable elements a launch hands back (exit and session_time are per launch, never replayed). */
export function isPerLaunchElement(element: string) {
  return ['cmi.exit', 'cmi.session_time', 'cmi.core.exit', 'cmi.core.session_time'].includes(element)
}
