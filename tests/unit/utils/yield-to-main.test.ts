import { afterEach, describe, expect, it, vi } from 'vitest'
import { yieldToMain } from '../../../utils/yieldToMain'

describe('yieldToMain', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('carries on in a later task, after work already waiting', async () => {
    let waitingRan = false
    setTimeout(() => { waitingRan = true }, 0)
    await yieldToMain()
    expect(waitingRan).toBe(true)
  })

  it('uses the browser\'s scheduler.yield where there is one', async () => {
    const yieldNow = vi.fn(() => Promise.resolve())
    vi.stubGlobal('scheduler', { yield: yieldNow })
    await yieldToMain()
    expect(yieldNow).toHaveBeenCalledOnce()
  })
})
