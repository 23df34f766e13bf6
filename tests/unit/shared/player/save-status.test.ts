import { describe, expect, it } from 'vitest'
import { type SaveState, type SaveTone, saveStatus } from '../../../../shared/player/save-status'

const base: SaveState = { pending: 0, online: true, failures: 0, blocked: null, savedSomething: false }

describe('saveStatus', () => {
  it.each<[string, Partial<SaveState>, SaveTone, RegExp]>([
    ['nothing done yet', {}, 'idle', /^$/],
    ['everything saved', { savedSomething: true }, 'saved', /All your progress is saved/],
    ['saving', { pending: 2 }, 'pending', /Saving 2 changes/],
    ['one change saving', { pending: 1 }, 'pending', /Saving 1 change…/],
    ['server unreachable', { pending: 3, failures: 2 }, 'pending', /cannot reach the server.*3 changes are kept on this device/],
    ['offline with changes waiting', { online: false, pending: 4 }, 'offline', /You are offline\. 4 changes are kept on this device/],
    ['offline, nothing waiting', { online: false }, 'offline', /You are offline/],
    ['offline after saving everything', { online: false, savedSomething: true }, 'offline', /You are offline/],
    ['signed out', { blocked: 'signed-out', pending: 2, online: false }, 'problem', /signed out.*2 changes/],
    ['no seat', { blocked: 'no-seat', pending: 1 }, 'problem', /licence/],
  ])('%s', (_, state, tone, text) => {
    const status = saveStatus({ ...base, ...state })
    expect(status.tone).toBe(tone)
    expect(status.text).toMatch(text)
  })
})
