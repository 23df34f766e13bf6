import type { H3Event } from 'h3'
import { clientKey } from '../domain/platform/rate-limit'
import { signInClientLimit, signInGlobalLimit } from '../domain/accounts/throttle'
import type { SignInGuard } from '../services/accounts/accounts'

/** The client this request is counted as, for rate limits (null when its address is unknown). */
export function requestClientKey(event: H3Event) {
  return clientKey(clientIp(event))
}

/** Who is trying a password, and the configured limits on wrong ones (NUXT_SIGN_IN_CLIENT_FAILURES, NUXT_SIGN_IN_GLOBAL_FAILURES). */
export function signInGuard(event: H3Event): SignInGuard {
  const { signIn } = useRuntimeConfig()
  return {
    clientKey: requestClientKey(event),
    clientLimit: signInClientLimit(Number(signIn.clientFailures)),
    globalLimit: signInGlobalLimit(Number(signIn.globalFailures)),
  }
}

/**
 * Runs `work` and answers no sooner than `minMs` after starting, so how long an answer takes says nothing about
 * what was found (the forgotten-password form must not reveal whether an address is registered).
 */
export async function answerAfterAtLeast<T>(minMs: number, work: Promise<T>): Promise<T> {
  const started = Date.now()
  try {
    return await work
  }
  finally {
    const left = minMs - (Date.now() - started)
    if (left > 0) await new Promise(resolve => setTimeout(resolve, left))
  }
}
