import { describe, expect, it } from 'vitest'
import { parseBridgeMessage, SCORM_BRIDGE_TAG } from '../../../shared/scorm'

const tag = SCORM_BRIDGE_TAG

describe('messages the player hears from a package frame', () => {
  it('takes the handshake and the four SCORM calls it carries out', () => {
    expect(parseBridgeMessage({ tag, type: 'ready' })).toEqual({ type: 'ready' })
    expect(parseBridgeMessage({ tag, type: 'call', method: 'initialize', args: [] })).toEqual({ type: 'call', method: 'initialize', args: [] })
    expect(parseBridgeMessage({ tag, type: 'call', method: 'setValue', args: ['cmi.location', '3'] })).toEqual({ type: 'call', method: 'setValue', args: ['cmi.location', '3'] })
    expect(parseBridgeMessage({ tag, type: 'call', method: 'commit', args: [] })?.type).toBe('call')
    expect(parseBridgeMessage({ tag, type: 'call', method: 'terminate', args: [] })?.type).toBe('call')
  })

  it('ignores anything else: other scripts\' messages, other methods, odd arguments', () => {
    for (const data of [
      null, 'ready', 42, { type: 'ready' }, { tag: 'other', type: 'ready' },
      { tag, type: 'init', values: {} },
      { tag, type: 'call', method: 'constructor', args: [] },
      { tag, type: 'call', method: 'loadFromJSON', args: [] },
      { tag, type: 'call', method: 'setValue', args: ['cmi.location'] },
      { tag, type: 'call', method: 'setValue', args: ['cmi.location', 3] },
      { tag, type: 'call', method: 'setValue', args: ['a', 'b', 'c'] },
      { tag, type: 'call', method: 'setValue', args: ['cmi.suspend_data', 'x'.repeat(300 * 1024)] },
      { tag, type: 'call', method: 'commit', args: 'x' },
    ]) expect(parseBridgeMessage(data), JSON.stringify(data)?.slice(0, 80)).toBeNull()
  })
})
