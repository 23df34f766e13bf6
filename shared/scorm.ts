/** How a SCORM result reads to a person, in words (never colour alone). */
export interface ScormResult {
  completionStatus: string | null
  successStatus: string | null
  scoreScaled: number | null
}

export function scormProgressLabel(r: ScormResult): string {
  if (!r.completionStatus || r.completionStatus === 'not attempted') return 'Not started'
  return r.completionStatus === 'completed' ? 'Completed' : 'In progress'
}

export function scormSuccessLabel(r: ScormResult): string | null {
  if (r.successStatus === 'passed') return 'Passed'
  if (r.successStatus === 'failed') return 'Not passed yet'
  return null
}

/** A scaled score (-1..1) as a whole percentage, or null when there is none. */
export function scormScorePercent(scaled: number | null): number | null {
  return scaled === null || scaled === undefined ? null : Math.round(scaled * 100)
}
