/**
 * Builds "Children Missing from Care" as a SCORM 1.2 or 2004 zip: one SCO whose launch page reports to
 * the host LMS, a self-contained HTML page per section (bodies rendered on the server now), and the
 * final assessment. Quizzes, scenarios and the assessment run in plain JavaScript inside the package.
 */
import yazl from 'yazl'
import type { CatalogSection, CourseCatalog } from '../../domain/course-progress/catalog'
import type { Question, Quiz, Scenario } from '../../domain/course-progress/course-types'
import type { ScormVersion } from '../../domain/scorm/scorm-cmi'
import { buildManifest, escapeHtml, renderMinimark } from '../../domain/scorm/scorm-export'

export interface ExportAssets {
  launchJs: string
  activitiesJs: string
  styleCss: string
}

/** JSON inside a <script> element: `<` escaped so no text can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')

function publicQuestion(q: Question) {
  const base = { id: q.id, type: q.type, prompt: q.prompt, explanation: q.explanation }
  if (q.type === 'ordering') return { ...base, items: q.items.map(i => ({ id: i.id, text: i.text })) }
  if (q.type === 'matching') return { ...base, pairs: q.pairs.map(p => ({ id: p.id, left: p.left, right: p.right })) }
  return { ...base, options: q.options.map(o => ({ id: o.id, text: o.text, correct: o.correct })) }
}
const quizData = (q: Quiz) => ({ id: q.id, title: q.title, questions: q.questions.map(publicQuestion) })
const scenarioData = (s: Scenario) => ({
  id: s.id,
  title: s.title,
  setting: s.setting,
  start: s.start,
  steps: s.steps.map(st => ({ id: st.id, text: st.text, choices: st.choices.map(c => ({ id: c.id, text: c.text, quality: c.quality, consequence: c.consequence, feedback: c.feedback, next: c.next })) })),
  // `when` and `otherwise` let the package pick the ending from the whole path, as the site does.
  endings: s.endings.map(e => ({ id: e.id, title: e.title, text: e.text, debrief: e.debrief, when: e.when, otherwise: e.otherwise })),
})

function page(title: string, body: string, data: unknown) {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="../assets/style.css">
</head>
<body>
<main class="page">
<h1>${escapeHtml(title)}</h1>
${body}
</main>
<script type="application/json" id="cmfc-activities">${scriptJson(data)}</script>
<script src="../assets/activities.js"></script>
</body>
</html>
`
}

function sectionPage(course: CourseCatalog, section: CatalogSection) {
  const quizzes: Record<string, unknown> = {}
  const scenarios: Record<string, unknown> = {}
  for (const a of section.activities) {
    const quiz = a.type === 'quiz' ? course.quizzes.get(a.id) : undefined
    const scenario = a.type === 'scenario' ? course.scenarios.get(a.id) : undefined
    if (quiz) quizzes[a.id] = quizData(quiz)
    if (scenario) scenarios[a.id] = scenarioData(scenario)
  }
  return page(`${section.order}. ${section.title}`, renderMinimark(section.body), { quizzes, scenarios })
}

function launchPage(course: CourseCatalog, version: ScormVersion, pages: { href: string, title: string }[]) {
  const items = pages.map((p, i) => `<li><a href="${escapeHtml(p.href)}" data-page="${i}">${escapeHtml(p.title)}</a><span class="done"></span></li>`).join('\n')
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(course.title)}</title>
<link rel="stylesheet" href="assets/style.css">
</head>
<body>
<div class="shell">
<header>
<p><strong>${escapeHtml(course.title)}</strong></p>
<nav aria-label="Course pages"><ol>
${items}
</ol></nav>
<p id="cmfc-status" role="status" aria-live="polite"></p>
</header>
<iframe id="cmfc-frame" title="Course page"></iframe>
<div class="controls">
<button type="button" id="cmfc-prev">Previous</button>
<button type="button" id="cmfc-next">Next</button>
<button type="button" id="cmfc-exit">Save and exit</button>
</div>
</div>
<script type="application/json" id="cmfc-config">${scriptJson({ version, passMark: course.passMark, pages })}</script>
<script src="assets/launch.js"></script>
</body>
</html>
`
}

/** The package's files by path, in the order they go into the zip (manifest first). */
export function exportFiles(course: CourseCatalog, version: ScormVersion, assets: ExportAssets): Map<string, string> {
  const files = new Map<string, string>()
  const pages = course.sections.map(s => ({ href: `sections/${s.id}.html`, title: `${s.order}. ${s.title}` }))
  pages.push({ href: 'assessment.html', title: 'Final assessment' })
  files.set('index.html', launchPage(course, version, pages))
  for (const section of course.sections) files.set(`sections/${section.id}.html`, sectionPage(course, section))
  files.set('assessment.html', page('Final assessment', '<section class="activity" data-assessment="final"></section>', {
    quizzes: {},
    scenarios: {},
    assessment: { drawCount: course.drawCount, passMark: course.passMark, pool: course.pool.map(p => ({ section: p.section, questions: p.questions.map(publicQuestion) })) },
  }).replaceAll('../assets/', 'assets/'))
  files.set('assets/launch.js', assets.launchJs)
  files.set('assets/activities.js', assets.activitiesJs)
  files.set('assets/style.css', assets.styleCss)
  const manifest = buildManifest(version, {
    identifier: `uk.org.cmfc.course.v${course.version}.scorm${version.replace('.', '')}`,
    title: course.title,
    passMark: course.passMark,
    launch: 'index.html',
    files: [...files.keys()],
  })
  return new Map([['imsmanifest.xml', manifest], ...files])
}

export function zipFiles(files: Map<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile()
  const mtime = new Date('2026-01-01T00:00:00Z')
  for (const [path, text] of files) zip.addBuffer(Buffer.from(text, 'utf8'), path, { mtime })
  zip.end()
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c))
    zip.outputStream.once('error', reject)
    zip.outputStream.once('end', () => resolve(Buffer.concat(chunks)))
  })
}
