import type { InjectionKey, Ref } from 'vue'
import type { PublicActivity, SectionLearnerState } from '#shared/types/sections'

/**
 * What the section page shares with the blocks rendered inside its markdown (quiz, scenario, reflection):
 * the section's activities, the learner's saved state, and whether their work can be saved at all.
 */
export interface SectionPlayer {
  sectionId: string
  /** A seat holder: answers are marked and saved. Otherwise the blocks explain how to take part. */
  canSave: boolean
  /** The free introduction: anyone may try its questions (marked, not saved). */
  preview: boolean
  activities: PublicActivity[]
  state: Ref<SectionLearnerState | null>
  /**
   * The save queue's events already answered when `state` was asked for, so already in it. A block that takes
   * over late applies the events answered since (on a server-rendered page: all of them, as the queue starts
   * after the page is live).
   */
  settledInState: () => ReadonlySet<string>
  /**
   * The state the page was first rendered with, and its settled events. A block's first render must match
   * the server's HTML, even when it takes over after `state` has been loaded again.
   */
  rendered: { state: SectionLearnerState | null, settled: ReadonlySet<string> }
  /** Reloads the learner's state from the server (after a refused event, say). */
  refresh: () => Promise<void>
}

const key: InjectionKey<SectionPlayer> = Symbol('section-player')

export function provideSectionPlayer(player: SectionPlayer) {
  provide(key, player)
}

export function useSectionPlayer(): SectionPlayer | null {
  return inject(key, null)
}

/**
 * The learner's state as a block inside the section should render it: the state the page was rendered with
 * until the block is live (its first render must match the server's HTML), the latest after.
 */
export function useBlockState() {
  const player = useSectionPlayer()
  const live = useHydrated()
  const state = computed(() => (live.value ? player?.state.value : player?.rendered.state) ?? null)
  return { live, state }
}
