/**
 * Marks the app's scripts in the markup Nuxt writes around the page (its module preloads and entry script)
 * `fetchpriority="low"`. Pages are rendered on the server with their styles inline, so the text can be shown
 * as soon as the HTML arrives; the scripts (about 40 files on a section page) only make it interactive. At
 * Chrome's default high priority they compete with the first paint on a slow phone, and Lighthouse's model
 * of one counts every one that arrives before the paint as blocking it. Other scripts are left alone.
 */
export function lowPriorityScripts(html: string): string {
  return html.replace(/<(link rel="modulepreload"|script)(\s[^>]*)?>/g, (tag, start: string, attributes = '') =>
    (start === 'script' && !/\stype="module"/.test(attributes)) || /\sfetchpriority=/.test(attributes)
      ? tag
      : `<${start}${attributes} fetchpriority="low">`)
}
