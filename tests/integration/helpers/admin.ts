import { signedInClient, testSql } from './client'

/** A signed-in platform admin (promoted in the database, as `npm run admin:create` does). */
export async function signedInAdmin(label = 'admin') {
  const admin = await signedInClient(label)
  await testSql()`update users set is_admin = true where id = ${admin.userId}`
  return admin
}
