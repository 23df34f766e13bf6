import { describe, expect, it } from 'vitest'
import { frameSources } from '../../../../server/utils/security-headers'

describe('frameSources', () => {
  it('frames only this site when no SCORM content origin can serve packages', () => {
    expect(frameSources(null)).toEqual([`'self'`])
  })

  it('adds the SCORM content origin, from which the player frames package files', () => {
    expect(frameSources('https://scorm.example.org')).toEqual([`'self'`, 'https://scorm.example.org'])
  })
})
