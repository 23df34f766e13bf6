export * from './auth'
export * from './email'
export * from './orgs'
export * from './course'
