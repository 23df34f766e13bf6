// Two of Nuxt's build outputs, which its own renderer imports to put the stylesheets inline in pages
// (@nuxt/nitro-server, runtime/utils/renderer): read by server/utils/site-stylesheet.ts.
declare module 'nuxt/styles' {
  /** Each module's stylesheets (CSS text), by module id. */
  const styles: Record<string, () => Promise<string[]>>
  export default styles
}
declare module 'nuxt/entry-ids' {
  /** The app entry's module ids: their stylesheets go into every page. */
  const entryIds: string[]
  export default entryIds
}
