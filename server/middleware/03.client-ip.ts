import { generateRandomToken } from '../domain/platform/tokens'

// Pages rendered on the server call the API in-process with the visitor's request headers. Those calls have
// no socket address of their own, so the outer request hands its client's address on in this header, sealed
// with this process's random secret: a browser cannot know the secret, so it cannot claim an address this way.
const secret = generateRandomToken()
const HEADER = 'x-internal-client-ip'

/**
 * Records the client's address once per request, so rate limits count the visitor (issue 18, item 7: before,
 * every visitor of the certificate check page shared one "unknown" bucket).
 */
export default defineEventHandler((event) => {
  const handedOn = getHeader(event, HEADER)
  delete event.node.req.headers['x-internal-client-ip']
  if (handedOn) {
    const [seal, address] = handedOn.split(' ', 2)
    if (seal === secret && address) event.context.clientIp = address
  }
  event.context.clientIp ??= clientIp(event) ?? ''
  if (event.context.clientIp) event.node.req.headers[HEADER] = `${secret} ${event.context.clientIp}`
})
