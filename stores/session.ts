import { defineStore } from 'pinia'

export interface CurrentUser {
  id: string
  name: string
  email: string
  isAdmin: boolean
  /** The training lead's organisation dashboard (or list of them, for several); null for everyone else. */
  organisationPath?: string | null
  /** Holds a licence to the course. */
  hasLicence: boolean
  /** Has at least one SCORM course to open: the header links to them only then. */
  hasScorm: boolean
}

/** Who is signed in, as far as the pages need to know. The server re-checks every request. */
export const useSessionStore = defineStore('session', {
  state: () => ({ user: null as CurrentUser | null, loaded: false }),
  actions: {
    async refresh() {
      const fetcher = useRequestFetch()
      const { user } = await fetcher<{ user: CurrentUser | null }>('/api/auth/me')
      this.user = user
      this.loaded = true
    },
    async signOut() {
      await $fetch('/api/auth/sign-out', { method: 'POST' })
      this.user = null
    },
  },
})
