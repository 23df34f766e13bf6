import postgres from 'postgres'
import { databaseUrlFor } from '../support/database'

/**
 * The end-to-end server's database, named after its port: serve.ts creates it, and tests reach it to set up
 * what the product has no screen for yet (seats are bought in another part of the product).
 */
export const e2eDatabaseName = `cmfc_e2e_${process.env.E2E_PORT ?? '3199'}`

export function e2eSql() {
  return postgres(databaseUrlFor(e2eDatabaseName), { max: 2, onnotice: () => {} })
}
