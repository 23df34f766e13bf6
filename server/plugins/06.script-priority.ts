import { lowPriorityScripts } from '../domain/platform/script-priority'

/** Pages ask for their scripts at low priority (server/domain/platform/script-priority.ts says why). */
export default defineNitroPlugin((nitro) => {
  nitro.hooks.hook('render:html', (html) => {
    html.head = html.head.map(lowPriorityScripts)
  })
})
