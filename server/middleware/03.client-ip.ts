/**
 * Records the client's address once per request. An API call made while rendering a page on the server
 * inherits this context, so it is rate-limited as the visitor rather than as the server itself.
 */
export default defineEventHandler((event) => {
  event.context.clientIp ??= clientIp(event) ?? ''
})
