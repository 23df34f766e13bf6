import { describe, expect, it } from 'vitest'
import { adminAuditQuerySchema, adminUsersQuerySchema } from '#shared/types/admin'
import { assertErasable, decideAdminChange, erasedEmail, isErasedEmail, pageInfo } from '../../../../server/domain/reports-admin/admin'
import { DomainError } from '../../../../server/domain/platform/errors'
import { likePattern } from '../../../../server/domain/platform/search'

const change = (over: Partial<Parameters<typeof decideAdminChange>[0]>) => decideAdminChange({
  actorId: 'a', targetId: 'b', grant: false, targetIsAdmin: true, targetErased: false, adminCount: 2, ...over,
})

function codeOf(fn: () => unknown) {
  try {
    fn()
  }
  catch (error) {
    if (error instanceof DomainError) return `${error.kind}:${error.details.code}`
    throw error
  }
  return 'ok'
}

describe('admin rights', () => {
  it.each([
    ['grants to someone who is not an admin', { grant: true, targetIsAdmin: false }, 'change'],
    ['grants to an admin: nothing to do', { grant: true, targetIsAdmin: true }, 'none'],
    ['removes another admin when others remain', { grant: false }, 'change'],
    ['removes from someone who is not an admin: nothing to do', { grant: false, targetIsAdmin: false, adminCount: 1 }, 'none'],
  ] as const)('%s', (_label, over, expected) => {
    expect(change(over)).toBe(expected)
  })

  it.each([
    ['your own rights', { actorId: 'b' }, 'conflict:own_admin_rights'],
    ['the last admin', { adminCount: 1 }, 'conflict:last_admin'],
    ['granting to an erased account', { grant: true, targetIsAdmin: false, targetErased: true }, 'conflict:erased'],
  ] as const)('refuses %s', (_label, over, expected) => {
    expect(codeOf(() => change(over))).toBe(expected)
  })
})

describe('erasure', () => {
  it('gives each erased account an undeliverable, unique, recognisable address', () => {
    const id = '0b6f3c1e-8a2d-4f7b-9c1a-2e3d4f5a6b7c'
    expect(erasedEmail(id)).toBe(`erased-${id}@erased.invalid`)
    expect(isErasedEmail(erasedEmail(id))).toBe(true)
    expect(isErasedEmail('sam@example.org')).toBe(false)
  })

  it('waits while the person is the only training lead of an organisation, naming it', () => {
    expect(codeOf(() => assertErasable({ actorId: 'a', targetId: 'b', soleManagerOf: ['Northshire'] }))).toBe('conflict:sole_manager')
    expect(() => assertErasable({ actorId: 'a', targetId: 'b', soleManagerOf: ['Northshire'] })).toThrow(/"Northshire".*Appoint another training lead/)
    expect(codeOf(() => assertErasable({ actorId: 'a', targetId: 'a', soleManagerOf: [] }))).toBe('conflict:own_account')
    expect(codeOf(() => assertErasable({ actorId: 'a', targetId: 'b', soleManagerOf: [] }))).toBe('ok')
  })
})

describe('lists', () => {
  it('searches for % and _ literally', () => {
    expect(likePattern('50%_off\\')).toBe('%50\\%\\_off\\\\%')
  })

  it.each([
    [0, 1, 25, { page: 1, pages: 1, offset: 0 }],
    [51, 3, 25, { page: 3, pages: 3, offset: 50 }],
    [51, 9, 25, { page: 3, pages: 3, offset: 50 }],
    [10, 0, 10, { page: 1, pages: 1, offset: 0 }],
  ])('pages %i rows (page %i of %i a page)', (total, page, pageSize, expected) => {
    expect(pageInfo(total, page, pageSize)).toMatchObject(expected)
  })

  it('validates filters with messages', () => {
    expect(adminUsersQuerySchema.safeParse({ role: 'owner' }).error?.issues[0]?.message).toMatch(/Role is one of/)
    expect(adminUsersQuerySchema.safeParse({ pageSize: '500' }).error?.issues[0]?.message).toMatch(/at most 100/)
    expect(adminUsersQuerySchema.parse({ page: '2' })).toMatchObject({ page: 2, pageSize: 25, q: '' })
    expect(adminAuditQuerySchema.safeParse({ from: '2026-02-30x' }).success).toBe(false)
    expect(adminAuditQuerySchema.safeParse({ from: '2026-03-02', to: '2026-03-01' }).error?.issues[0]?.message).toMatch(/on or before/)
    expect(adminAuditQuerySchema.safeParse({ action: 'drop table' }).success).toBe(false)
  })
})
