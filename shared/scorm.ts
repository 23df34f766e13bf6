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

/**
 * What a SCORM package's frame may do, for the sandbox on the content origin's responses and on the iframe:
 * run scripts, script its own frames (same-origin with the content origin, never the site), send forms,
 * show alerts, open sandboxed pop-ups and download. Never navigate the page that shows it.
 */
export const SCORM_SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads'

/** Messages between a package's frame and the player page are tagged with this. */
export const SCORM_BRIDGE_TAG = 'cmfc-scorm'

export type ScormBridgeCall = 'initialize' | 'setValue' | 'commit' | 'terminate'
export type ScormBridgeMessage = { type: 'ready' } | { type: 'call', method: ScormBridgeCall, args: string[] }

const BRIDGE_CALLS = new Set<string>(['initialize', 'setValue', 'commit', 'terminate'])
/** Far beyond any real element or value (2004's suspend_data holds 64,000 characters). */
const MAX_BRIDGE_TEXT = 256 * 1024

/**
 * A message from a package's frame, if it is one the player understands: a known type, a known call, at most
 * two string arguments of sane size. Anything else (another script's messages, a hostile package's) is null.
 */
export function parseBridgeMessage(data: unknown): ScormBridgeMessage | null {
  if (!data || typeof data !== 'object') return null
  const m = data as Record<string, unknown>
  if (m.tag !== SCORM_BRIDGE_TAG) return null
  if (m.type === 'ready') return { type: 'ready' }
  if (m.type !== 'call' || typeof m.method !== 'string' || !BRIDGE_CALLS.has(m.method)) return null
  const args = m.args
  if (!Array.isArray(args) || args.length > 2 || !args.every(a => typeof a === 'string' && a.length <= MAX_BRIDGE_TEXT)) return null
  if (m.method === 'setValue' && args.length !== 2) return null
  return { type: 'call', method: m.method as ScormBridgeCall, args: args as string[] }
}
