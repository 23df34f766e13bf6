import { z } from '@nuxt/content'

/* The shape of every course file. Used by content.config.ts for the collections and by the content tests. */

// Ids are stored against progress and attempts, so they must be stable: see docs/content-authoring.md.
const id = z.string().regex(/^[a-z0-9-]+$/, 'ids are lower-case letters, digits and hyphens')

const option = z.object({ id, text: z.string().min(1), correct: z.boolean(), feedback: z.string().min(1) })
const questionBase = { id, prompt: z.string().min(1), explanation: z.string().min(1), source: z.string().min(1) }

export const questionSchema = z.discriminatedUnion('type', [
  z.object({ ...questionBase, type: z.literal('single'), options: z.array(option).min(2) }),
  z.object({ ...questionBase, type: z.literal('multiple'), options: z.array(option).min(2) }),
  z.object({ ...questionBase, type: z.literal('truefalse'), options: z.array(option).length(2) }),
  z.object({
    ...questionBase,
    type: z.literal('ordering'),
    items: z.array(z.object({ id, text: z.string().min(1), feedback: z.string().min(1) })).min(3),
  }),
  z.object({
    ...questionBase,
    type: z.literal('matching'),
    pairs: z.array(z.object({ id, left: z.string().min(1), right: z.string().min(1), feedback: z.string().min(1) })).min(2),
  }),
]).superRefine((q, ctx) => {
  if (!('options' in q)) return
  const correct = q.options.filter(o => o.correct).length
  if (q.type !== 'multiple' && correct !== 1) ctx.addIssue({ code: 'custom', message: `${q.id}: exactly one option must be correct` })
  if (q.type === 'multiple' && correct < 1) ctx.addIssue({ code: 'custom', message: `${q.id}: at least one option must be correct` })
  if (q.type === 'truefalse' && q.options.map(o => o.id).sort().join() !== 'false,true') {
    ctx.addIssue({ code: 'custom', message: `${q.id}: true/false options have the ids "true" and "false"` })
  }
})

const quality = z.enum(['good', 'mixed', 'poor'])
/** A choice on a path, named "step/choice" (st-2/b). */
const stepChoice = z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'name a choice as "step/choice", for example "st-2/b"')

export const scenarioSchema = z.object({
  key: id,
  title: z.string().min(1),
  setting: z.string().min(1),
  summary: z.string().min(1),
  start: id,
  steps: z.array(z.object({
    id,
    text: z.string().min(1),
    choices: z.array(z.object({
      id,
      text: z.string().min(1),
      quality,
      consequence: z.string().min(1),
      feedback: z.string().min(1),
      next: id,
    })).min(2),
  })).min(1),
  endings: z.array(z.object({
    id,
    title: z.string().min(1),
    outcome: quality,
    // The whole-path engine (server/domain/course-progress/scenarios.ts): an ending holds only if every condition given does.
    when: z.object({
      maxPoor: z.number().int().min(0).optional(),
      maxMixed: z.number().int().min(0).optional(),
      minScore: z.number().int().min(0).optional(),
      chose: z.array(stepChoice).min(1).optional(),
      notChose: z.array(stepChoice).min(1).optional(),
    }).strict().refine(w => Object.keys(w).length > 0, 'give at least one condition, or leave out `when`').optional(),
    otherwise: id.optional(),
    text: z.string().min(1),
    debrief: z.string().min(1),
  }).refine(e => !e.when || e.otherwise, { message: 'an ending with `when` needs `otherwise`: the ending to try when it does not hold', path: ['otherwise'] })
    .refine(e => e.otherwise !== e.id, { message: '`otherwise` must name another ending', path: ['otherwise'] })).min(2),
})

export const quizSchema = z.object({
  key: id,
  title: z.string().min(1),
  section: id,
  questions: z.array(questionSchema).min(1),
})

export const poolSchema = z.object({
  section: id,
  questions: z.array(questionSchema).min(1),
})

export const courseSchema = z.object({
  title: z.string().min(1),
  version: z.number().int().positive(),
  passMark: z.number().int().min(1).max(100),
  totalMinutes: z.number().int().positive(),
  cpdHours: z.number().positive(),
  outcomes: z.array(z.string().min(1)).min(1),
  assessment: z.object({ drawCount: z.number().int().positive() }),
  // A section is done only once the server has credited this share of its estimated minutes (0 to 1; a half by
  // default, so a fast reader still finishes). See server/domain/course-progress/progress.ts, studySecondsFor.
  studyShare: z.number().min(0).max(1).optional(),
})

export const sectionSchema = z.object({
  key: id,
  title: z.string().min(1),
  order: z.number().int().positive(),
  minutes: z.number().int().positive(),
  preview: z.boolean().default(false),
  description: z.string().min(1),
  outcomes: z.array(z.string().min(1)).min(1),
  // The course versions in which this section was written or changed materially, oldest first: a refresher asks
  // a learner who completed an earlier version for the sections changed since (server/domain/assessment-completion/completion.ts).
  // The description is the one-line summary the refresher shows. Never list a version above course.yml's.
  changedIn: z.array(z.number().int().positive()).min(1)
    .refine(v => v.every((x, i) => i === 0 || x > v[i - 1]!), 'list each version once, oldest first'),
})

/** A public page of the site (glossary, help, sources): plain markdown, served without sign-in. */
export const pageSchema = z.object({
  key: id,
  title: z.string().min(1),
  description: z.string().min(1),
})

/**
 * A job aid: a one-page checklist or form carers print or download as a PDF (served at /course/aids/<id>).
 * `checklist` items print with a tick box; `form` items print with space to write. Plain markdown only
 * (## headings, paragraphs, lists, bold, links), because the PDF is drawn from the same tree.
 */
export const aidSchema = z.object({
  key: id,
  title: z.string().min(1),
  description: z.string().min(1),
  order: z.number().int().positive(),
  kind: z.enum(['checklist', 'form']),
})

interface Checkable {
  safeParse: (data: unknown) => { success: true } | { success: false, error: { issues: { path: (string | number)[], message: string }[] } }
}

const schemasByCollection: Record<string, Checkable> = {
  course: courseSchema,
  sections: sectionSchema,
  scenarios: scenarioSchema,
  quizzes: quizSchema,
  assessmentPool: poolSchema,
  pages: pageSchema,
  aids: aidSchema,
}

/**
 * Validates one content file against its collection's schema and returns its own `key`.
 * @nuxt/content uses the schemas for column types only and does not check the data, so a test runs
 * this over every file and names the file and field that is wrong.
 */
export function checkContentFile(collection: string, path: string, data: unknown): string | undefined {
  const schema = schemasByCollection[collection]
  if (!schema) return undefined
  const parsed = schema.safeParse(data)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i: { path: (string | number)[], message: string }) => `  ${i.path.join('.') || '(file)'}: ${i.message}`).join('\n')
    throw new Error(`Content file ${path} does not match the "${collection}" schema:\n${issues}`)
  }
  const key = (data as { key?: unknown }).key
  return typeof key === 'string' ? key : undefined
}

