/**
 * Reads a package's imsmanifest.xml: which SCORM version it is, its default organisation, the one SCO
 * this player launches, and the passing score. A manifest this player cannot run is refused with a
 * message an admin can act on.
 */
import { DOMParser, type Element } from '@xmldom/xmldom'
import { DomainError } from '../platform/errors'
import type { ScormVersion } from './scorm-cmi'

const NS = {
  adlcp12: 'http://www.adlnet.org/xsd/adlcp_rootv1p2',
  adlcp2004: 'http://www.adlnet.org/xsd/adlcp_v1p3',
  imsss: 'http://www.imsglobal.org/xsd/imsss',
  xml: 'http://www.w3.org/XML/1998/namespace',
}

export interface ParsedManifest {
  version: ScormVersion
  schemaVersion: string
  identifier: string
  title: string
  organisationIdentifier: string
  scoIdentifier: string
  launchPath: string
  masteryScaled: number | null
  completionThreshold: number | null
  launchData: string | null
  objectiveIds: string[]
}

const refuse = (message: string) => new DomainError('rule', message, { code: 'scorm_manifest' })

/** Child elements with a given local name, whatever prefix the manifest gives their namespace. */
function children(el: Element, localName: string): Element[] {
  const out: Element[] = []
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === localName) out.push(n as Element)
  }
  return out
}
const child = (el: Element, localName: string) => children(el, localName)[0]
const text = (el: Element | undefined) => el?.textContent?.trim() ?? ''

function attrNS(el: Element, names: string[], namespaces: string[]): string | null {
  for (const ns of namespaces) {
    for (const name of names) {
      const value = el.getAttributeNS(ns, name)
      if (value) return value
    }
  }
  return null
}

function versionOf(manifest: Element, schemaVersion: string, xml: string): ScormVersion {
  const v = schemaVersion.toLowerCase()
  if (v === '1.2') return '1.2'
  if (v.includes('2004') || v === 'cam 1.3') return '2004'
  if (xml.includes(NS.adlcp2004)) return '2004'
  if (xml.includes(NS.adlcp12)) return '1.2'
  throw refuse(`The manifest's schemaversion "${schemaVersion || '(none)'}" is not SCORM 1.2 or 2004.`)
}

/** The items of an organisation in document order, depth first. */
function itemsOf(el: Element): Element[] {
  return children(el, 'item').flatMap(item => [item, ...itemsOf(item)])
}

function joinBase(...parts: (string | null)[]) {
  return parts.filter(Boolean).join('')
}

/** Item parameters join the resource's href as the SCORM 2004 CAM describes (a fragment, or a query). */
function withParameters(href: string, parameters: string) {
  if (!parameters) return href
  if (parameters.startsWith('#')) return href + parameters
  return `${href}${href.includes('?') ? '&' : '?'}${parameters.replace(/^[?&]/, '')}`
}

function decimalIn(value: string | null | undefined, min: number, max: number, what: string): number | null {
  if (value === null || value === undefined || value.trim() === '') return null
  const n = Number(value.trim())
  if (!Number.isFinite(n) || n < min || n > max) throw refuse(`The manifest's ${what} "${value}" is not a number from ${min} to ${max}.`)
  return n
}

export function parseManifest(xml: string): ParsedManifest {
  const errors: string[] = []
  let manifest: Element | null = null
  try {
    manifest = new DOMParser({
      onError: (level, message) => { if (level !== 'warning') errors.push(message) },
    }).parseFromString(xml, 'text/xml').documentElement
  }
  catch (error) {
    // xmldom throws on fatal errors (no root element, say) as well as reporting them.
    errors.push((error as Error).message)
  }
  if (errors.length || !manifest || manifest.localName !== 'manifest') {
    throw refuse(`imsmanifest.xml is not a well-formed IMS manifest${errors[0] ? `: ${errors[0].split('\n')[0]}` : '.'}`)
  }
  const metadata = child(manifest, 'metadata')
  const schemaVersion = text(metadata && child(metadata, 'schemaversion'))
  const version = versionOf(manifest, schemaVersion, xml)

  const organizations = child(manifest, 'organizations')
  const orgs = organizations ? children(organizations, 'organization') : []
  if (!orgs.length) throw refuse('The manifest has no organization, so there is nothing to launch.')
  const defaultId = organizations!.getAttribute('default')
  const org = orgs.find(o => o.getAttribute('identifier') === defaultId) ?? orgs[0]!

  const resourcesEl = child(manifest, 'resources')
  const resources = new Map((resourcesEl ? children(resourcesEl, 'resource') : []).map(r => [r.getAttribute('identifier') ?? '', r]))
  const scormType = (r: Element) => (attrNS(r, ['scormType', 'scormtype'], [NS.adlcp2004, NS.adlcp12]) ?? '').toLowerCase()

  const launchable = itemsOf(org).filter((item) => {
    const ref = item.getAttribute('identifierref')
    const resource = ref ? resources.get(ref) : undefined
    return resource?.getAttribute('href')
  })
  const scos = launchable.filter(item => scormType(resources.get(item.getAttribute('identifierref')!)!) === 'sco')
  if (scos.length > 1) throw refuse(`This package has ${scos.length} SCOs. This player runs packages with a single SCO.`)
  const item = scos[0] ?? launchable[0]
  if (!item) throw refuse('No item in the default organisation points to a resource with a launch file.')
  const resource = resources.get(item.getAttribute('identifierref')!)!

  const href = joinBase(manifest.getAttributeNS(NS.xml, 'base'), resourcesEl!.getAttributeNS(NS.xml, 'base'), resource.getAttributeNS(NS.xml, 'base'), resource.getAttribute('href'))
  const parameters = item.getAttribute('parameters') ?? ''
  const launchPath = withParameters(href, parameters)
  if (/^[a-z][a-z0-9+.-]*:/i.test(launchPath) || launchPath.startsWith('/')) throw refuse(`The launch file "${launchPath}" is not inside the package.`)

  let masteryScaled: number | null = null
  let completionThreshold: number | null = null
  const objectiveIds: string[] = []
  if (version === '1.2') {
    const mastery = item.getElementsByTagNameNS(NS.adlcp12, 'masteryscore')[0]
    masteryScaled = mastery ? decimalIn(text(mastery), 0, 100, 'masteryscore')! / 100 : null
  }
  else {
    const sequencing = children(item, 'sequencing').find(s => s.namespaceURI === NS.imsss)
    const objectives = sequencing && child(sequencing, 'objectives')
    const primary = objectives && child(objectives, 'primaryObjective')
    if (primary?.getAttribute('satisfiedByMeasure') === 'true') {
      // The schema's default minNormalizedMeasure is 1.0.
      const min = child(primary, 'minNormalizedMeasure')
      masteryScaled = min ? decimalIn(text(min), -1, 1, 'minNormalizedMeasure') : 1
      if (masteryScaled !== null && masteryScaled < 0) masteryScaled = 0
    }
    for (const o of objectives ? [primary, ...children(objectives, 'objective')] : []) {
      const id = o?.getAttribute('objectiveID')
      if (id) objectiveIds.push(id)
    }
    const threshold = item.getElementsByTagNameNS(NS.adlcp2004, 'completionThreshold')[0]
    if (threshold) {
      completionThreshold = decimalIn(threshold.getAttribute('minProgressMeasure') ?? text(threshold), 0, 1, 'completionThreshold')
      // 4th Edition only uses the threshold when completedByMeasure is true.
      if (threshold.hasAttribute('minProgressMeasure') && threshold.getAttribute('completedByMeasure') !== 'true') completionThreshold = null
    }
  }
  const dataFromLms = item.getElementsByTagNameNS(version === '1.2' ? NS.adlcp12 : NS.adlcp2004, version === '1.2' ? 'datafromlms' : 'dataFromLMS')[0]

  return {
    version,
    schemaVersion: schemaVersion || (version === '1.2' ? '1.2' : '2004'),
    identifier: manifest.getAttribute('identifier') || 'manifest',
    title: (text(child(org, 'title')) || text(child(item, 'title')) || manifest.getAttribute('identifier') || 'Untitled package').slice(0, 200),
    organisationIdentifier: org.getAttribute('identifier') ?? '',
    scoIdentifier: item.getAttribute('identifier') ?? '',
    launchPath,
    masteryScaled,
    completionThreshold,
    launchData: dataFromLms ? text(dataFromLms).slice(0, 4096) : null,
    objectiveIds: [...new Set(objectiveIds)].slice(0, 100),
  }
}

/** The package path of a launch path: without its query string or fragment. */
export function launchFileOf(launchPath: string) {
  return decodeURIComponent(launchPath.split(/[?#]/)[0]!)
}
