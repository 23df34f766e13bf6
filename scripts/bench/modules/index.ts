import type { Benchmark } from '../context'
import { progressSave } from './progress-save'
import { sectionPageJs } from './section-page-js'

/** Every benchmark `npm run bench` runs, in order. Add one with a line here. */
export const benchmarks: Benchmark[] = [
  progressSave,
  sectionPageJs,
]
