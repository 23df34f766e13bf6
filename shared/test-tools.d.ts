declare global {
  interface ImportMeta {
    /**
     * Whether this build carries the development and test tools (test checkout, dev mailbox, demo seed, /api/test):
     * a constant set at build time by build/test-tools.ts, so a production build leaves out the code it guards.
     */
    readonly testTools: boolean
  }
}

export {}
