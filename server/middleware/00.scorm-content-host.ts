/**
 * The SCORM content origin (server/utils/scorm-origin.ts) serves package files and their frame, and nothing
 * else (and a launch's last commit, signed): not the site's pages nor its API, so a package's script asking its
 * own origin for /api/auth/me finds nothing. Cookies sent there are dropped before anything reads them, and
 * none are set.
 */
const CONTENT_PATHS = ['/scorm/content/', '/scorm/frame/', '/scorm/commit/']

export default defineEventHandler((event) => {
  if (!isScormContentRequest(event)) return
  delete event.node.req.headers.cookie
  // Health checks (a load balancer's, the tests') may be addressed to either name of this server.
  if (event.path === '/api/health') return
  if (!CONTENT_PATHS.some(p => event.path.startsWith(p))) return scormContentRefusal(event, 404, 'Not found')
})
