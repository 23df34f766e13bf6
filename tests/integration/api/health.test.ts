import { describe, expect, it } from 'vitest'
import { Client } from '../helpers/client'

describe('health', () => {
  it('reports PostgreSQL after a real query', async () => {
    const res = await new Client().get('/api/health')
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ status: 'ok', database: 'postgres' })
  })
})
