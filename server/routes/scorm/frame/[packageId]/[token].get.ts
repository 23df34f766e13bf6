import { z } from 'zod'
import { uuidParam } from '#shared/types/params'
import { SCORM_BRIDGE_TAG } from '#shared/scorm'
import { findPackage } from '../../../../services/scorm/scorm-packages'

const params = z.object({ packageId: uuidParam(), token: z.string().max(200) })

/** JSON for inside a <script> element: nothing in it can close the element. */
function jsonForScript(value: unknown) {
  return JSON.stringify(value).replace(/[<>&]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * The frame a package runs in, on the content origin: the SCORM API stand-in (server/assets/scorm-frame/
 * bridge.js), which the package finds in its parent, and the package's launch file in a frame below it.
 */
export default defineScormContentHandler(async (event) => {
  const { packageId, token } = requireScormContent(event, params, p => p.packageId)
  const pkg = await findPackage(await useDb(), packageId, { includeArchived: true })
  if (!pkg) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  const bridge = await useStorage('assets:server').getItem<string>('scorm-frame/bridge.js')
  if (typeof bridge !== 'string') throw new Error('Missing server asset scorm-frame/bridge.js')
  const config = { tag: SCORM_BRIDGE_TAG, appOrigin: scormAppOrigin(String(getQuery(event).app ?? '')), version: pkg.version, src: `/scorm/content/${pkg.id}/${token}/${pkg.launchPath}` }
  setResponseHeaders(event, { ...scormContentHeaders(), 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-store' })
  const title = pkg.title.replace(/[<>&"]/g, c => `&#${c.charCodeAt(0)};`)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>html,body{margin:0;height:100%;overflow:hidden}iframe{display:block;border:0;width:100%;height:100%}</style>
</head>
<body>
<iframe id="cmfc-package" title="${title}" allow="fullscreen"></iframe>
<script type="application/json" id="cmfc-bridge-config">${jsonForScript(config)}</script>
<script>${bridge}</script>
</body>
</html>
`
})
