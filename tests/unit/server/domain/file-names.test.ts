import { describe, expect, it } from 'vitest'
import { safeFileName } from '../../../../server/domain/platform/file-names'

describe('safe file names', () => {
  it.each([
    ['Zoë O\'Brien-Łukasiewicz', 'zoe-o-brien-ukasiewicz'],
    ['Siobhán Ní Bhriain', 'siobhan-ni-bhriain'],
    ['../../etc/passwd', 'etc-passwd'],
    ['<script>alert(1)</script>', 'script-alert-1-script'],
    ['محمد عبد الله', 'certificate'],
    ['a'.repeat(100), 'a'.repeat(60)],
  ])('%j → %j', (name, expected) => {
    expect(safeFileName(name)).toBe(expected)
  })
})
