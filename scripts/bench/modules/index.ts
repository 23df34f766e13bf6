import type { Benchmark } from '../context'
import { certificatePdf } from '../certificate-pdf'
import { orgDashboard } from '../org-dashboard'
import { completionsExport } from './completions-export'
import { lighthouseScores } from './lighthouse'
import { progressSave } from './progress-save'
import { scale } from './scale'
import { sectionPageJs } from './section-page-js'
import { sectionPageLoad } from './section-page-load'

/** Every benchmark `npm run bench` runs, in order. Add one with a line here. */
export const benchmarks: Benchmark[] = [
  progressSave,
  scale,
  sectionPageLoad,
  sectionPageJs,
  lighthouseScores,
  certificatePdf,
  completionsExport,
  // Last: it adds 45,000 learners to the database the others share.
  orgDashboard,
]
