import { describe, expect, it } from 'vitest'
import { frameSources } from '../../../../server/utils/security-headers'

describe('frameSources', () => {
  it('frames only this site when packages are served from it', () => {
    expect(frameSources({})).toEqual([`'self'`])
  })

  it('adds the SCORM content origin, without its path, when one is configured', () => {
    expect(frameSources({ contentOrigin: 'https://scorm.example.org/packages/' })).toEqual([`'self'`, 'https://scorm.example.org'])
  })
})
