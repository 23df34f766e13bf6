/** What the save banner says, from the queue's state: one sentence a learner can act on. */
export interface SaveState {
  pending: number
  online: boolean
  failures: number
  blocked: 'signed-out' | 'no-seat' | null
  savedSomething: boolean
}

export type SaveTone = 'idle' | 'saved' | 'pending' | 'offline' | 'problem'

const changes = (n: number) => (n === 1 ? '1 change' : `${n} changes`)

export function saveStatus(state: SaveState): { tone: SaveTone, text: string } {
  if (state.blocked === 'signed-out') {
    return { tone: 'problem', text: `You have been signed out. Sign in again to save your progress: ${changes(state.pending)} are kept on this device until then.` }
  }
  if (state.blocked === 'no-seat') {
    return { tone: 'problem', text: 'Your progress cannot be saved because this account no longer holds a licence. Ask your training lead.' }
  }
  if (!state.online) {
    return state.pending > 0
      ? { tone: 'offline', text: `You are offline. ${changes(state.pending)} are kept on this device and will be saved when you are back online.` }
      : { tone: 'offline', text: 'You are offline. Carry on: what you do is kept on this device and saved when you are back online.' }
  }
  if (state.pending > 0) {
    return state.failures > 0
      ? { tone: 'pending', text: `We cannot reach the server just now. ${changes(state.pending)} are kept on this device; we keep trying.` }
      : { tone: 'pending', text: `Saving ${changes(state.pending)}…` }
  }
  return state.savedSomething ? { tone: 'saved', text: 'All your progress is saved.' } : { tone: 'idle', text: '' }
}
