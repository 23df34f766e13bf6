import { sha256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'

/** A random string of `bytes` bytes of entropy, base32 (lower case, no padding): safe in URLs and cookies. */
export function generateRandomToken(bytes = 20): string {
  const buffer = new Uint8Array(bytes)
  crypto.getRandomValues(buffer)
  return encodeBase32LowerCaseNoPadding(buffer)
}

export function sha256Bytes(value: string): Uint8Array {
  return sha256(new TextEncoder().encode(value))
}

/** The form in which emailed single-use tokens are stored: hex SHA-256, never the token itself. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256Bytes(token))
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && constantTimeEqual(a, b)
}

/** A session token is `id.secret`: the id finds the row, the secret proves possession. */
export function newSessionToken(): { id: string, secret: string, token: string } {
  const id = generateRandomToken(15)
  const secret = generateRandomToken(20) // 160 bits, above ASVS's 128-bit floor
  return { id, secret, token: `${id}.${secret}` }
}

export function parseSessionToken(token: string): { id: string, secret: string } | null {
  const parts = token.split('.')
  if (parts.length !== 2) return null
  const [id, secret] = parts as [string, string]
  if (!/^[a-z2-7]{16,64}$/.test(id) || !/^[a-z2-7]{16,64}$/.test(secret)) return null
  return { id, secret }
}
