/**
 * How large a request body may be, by route. Every body is capped as it is read (server/middleware/
 * 00.body-limit.ts), so a huge or endless body costs the server no more memory than its route's limit.
 * A route not named here gets the default, which fits every ordinary form.
 */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024

const KB = 1024
const MB = 1024 * KB

interface BodyRule {
  pattern: RegExp
  maxBytes: number
  /** The route reads its own body as a stream (to a temporary file), counting as it goes; it is not buffered here. */
  streamed?: boolean
}

const SEGMENT = '[^/?]+'
const RULES: BodyRule[] = [
  // 100 events, each with up to 5,000 characters of reflection, escaped as JSON.
  { pattern: /^\/api\/progress\/events$/, maxBytes: 2 * MB },
  // A full SCORM 2004 record (64,000-character suspend data and many interactions).
  { pattern: new RegExp(`^/api/scorm/attempts/${SEGMENT}/commit$`), maxBytes: 512 * KB },
  // The same, sent by the package's frame to the content origin as the page closes.
  { pattern: new RegExp(`^/scorm/commit/${SEGMENT}/${SEGMENT}/${SEGMENT}$`), maxBytes: 512 * KB },
  // A CSV file of up to 1 MB (the route also says so in its own message).
  { pattern: new RegExp(`^/api/orgs/${SEGMENT}/invitations/csv$`), maxBytes: 1 * MB },
  // Up to 5,000 people pasted or chosen at once.
  { pattern: new RegExp(`^/api/orgs/${SEGMENT}/invitations(/preview)?$`), maxBytes: 4 * MB },
  { pattern: new RegExp(`^/api/assessment/attempts/${SEGMENT}/submit$`), maxBytes: 256 * KB },
  // Stripe's events are small; anything bigger is not from Stripe.
  { pattern: /^\/webhooks\/stripe$/, maxBytes: 256 * KB },
]

/** The SCORM upload's limit is configured (NUXT_SCORM_MAX_UPLOAD_MB), so the caller supplies it. */
export function bodyLimitFor(path: string, scormUploadBytes: number): { maxBytes: number, streamed: boolean } {
  const pathname = path.split('?')[0]!.replace(/\/+$/, '') || '/'
  if (pathname === '/api/admin/scorm/packages') return { maxBytes: scormUploadBytes, streamed: true }
  const rule = RULES.find(r => r.pattern.test(pathname))
  return { maxBytes: rule?.maxBytes ?? DEFAULT_BODY_LIMIT_BYTES, streamed: false }
}
