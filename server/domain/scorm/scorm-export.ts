/**
 * The course as a SCORM package, in pure functions: the manifest for each version, and section bodies
 * (minimark, as @nuxt/content stores them) rendered to plain HTML with every text escaped.
 */
import { diagramByTag, type Diagram } from '../../../shared/diagrams'
import type { ScormVersion } from './scorm-cmi'

export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
export const escapeHtml = escapeXml

export interface ManifestInput {
  identifier: string
  title: string
  /** Pass mark as a whole percentage (course.yml passMark). */
  passMark: number
  launch: string
  files: string[]
}

/** A single-SCO manifest that validates against the official SCORM 1.2 or 2004 3rd Edition schemas. */
export function buildManifest(version: ScormVersion, m: ManifestInput): string {
  const title = escapeXml(m.title)
  const files = m.files.map(f => `      <file href="${escapeXml(f)}"/>`).join('\n')
  if (version === '1.2') {
    return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${escapeXml(m.identifier)}" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org_course">
    <organization identifier="org_course">
      <title>${title}</title>
      <item identifier="item_course" identifierref="res_course" isvisible="true">
        <title>${title}</title>
        <adlcp:masteryscore>${Math.round(m.passMark)}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res_course" type="webcontent" adlcp:scormtype="sco" href="${escapeXml(m.launch)}">
${files}
    </resource>
  </resources>
</manifest>
`
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${escapeXml(m.identifier)}" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 3rd Edition</schemaversion>
  </metadata>
  <organizations default="org_course">
    <organization identifier="org_course">
      <title>${title}</title>
      <item identifier="item_course" identifierref="res_course">
        <title>${title}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="course_assessment" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${(m.passMark / 100).toFixed(2)}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res_course" type="webcontent" adlcp:scormType="sco" href="${escapeXml(m.launch)}">
${files}
    </resource>
  </resources>
</manifest>
`
}

type MinimarkNode = string | [string, Record<string, unknown>, ...MinimarkNode[]]

const PLAIN_TAGS = new Set(['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'blockquote', 'br', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del'])
const attr = (props: Record<string, unknown>, name: string) => typeof props[name] === 'string' ? props[name] as string : ''

/**
 * HTML for a section body. Markdown elements stay as they are; the course's own blocks become plain,
 * accessible HTML; quizzes and scenarios become placeholders the package's script fills in.
 */
export function renderMinimark(body: unknown): string {
  const value = (body as { value?: MinimarkNode[] } | null)?.value
  return Array.isArray(value) ? value.map(renderNode).join('\n') : ''
}

/** A diagram in a package: its caption, summary and full text equivalent (the picture itself stays on the site). */
function renderDiagram(d: Diagram): string {
  const groups = d.groups.map(g => `<li><p><strong>${escapeHtml(g.title)}</strong></p>${g.meaning ? `<p>${escapeHtml(g.meaning)}</p>` : ''}<ul>${g.points.map(p => `<li>${escapeHtml(p)}</li>`).join('')}</ul></li>`).join('')
  return `<figure class="block diagram"><figcaption>${escapeHtml(`Figure: ${d.caption}`)}</figcaption><p>${escapeHtml(d.summary)}</p><ul>${groups}</ul>${d.note ? `<p>${escapeHtml(d.note)}</p>` : ''}</figure>`
}

function renderNode(node: MinimarkNode): string {
  if (typeof node === 'string') return escapeHtml(node)
  const [tag, props = {}, ...children] = node
  const diagram = diagramByTag.get(tag)
  if (diagram) return renderDiagram(diagram)
  const inner = () => children.map(renderNode).join('')
  const id = attr(props, 'id') ? ` id="${escapeHtml(attr(props, 'id'))}"` : ''
  switch (tag) {
    case 'a': {
      const href = attr(props, 'href')
      const safe = /^(https?:|mailto:|tel:|#)/i.test(href) ? href : '#'
      const external = /^https?:/i.test(safe)
      return `<a href="${escapeHtml(safe)}"${external ? ' target="_blank" rel="noopener noreferrer"' : ''}>${inner()}</a>`
    }
    case 'key-fact':
      return `<aside class="block key-fact"><p class="block-title">${escapeHtml(attr(props, 'title') || 'Key fact')}</p>${inner()}</aside>`
    case 'statistic':
      return `<aside class="block statistic"><p class="stat-value">${escapeHtml(attr(props, 'value'))}</p><p>${escapeHtml(attr(props, 'label'))}</p><p class="stat-source">Source: ${escapeHtml(attr(props, 'source'))}</p>${inner()}</aside>`
    case 'callout': {
      const type = attr(props, 'type') || 'note'
      const label = type === 'warning' ? 'Warning' : type === 'nations' ? 'Across the UK' : 'Note'
      return `<aside class="block callout callout-${escapeHtml(type)}"><p class="block-title">${escapeHtml(attr(props, 'title') || label)}</p>${inner()}</aside>`
    }
    case 'accordion':
      return `<details class="block"><summary>${escapeHtml(attr(props, 'title') || 'Find out more')}</summary>${inner()}</details>`
    case 'reflection':
      return `<aside class="block reflection"><p class="block-title">Reflection (private, not saved)</p>${inner()}<label class="reflection-label">Your thoughts<textarea rows="4"></textarea></label></aside>`
    case 'quiz':
      return `<section class="activity" data-quiz="${escapeHtml(attr(props, 'id'))}"></section>`
    case 'scenario':
      return `<section class="activity" data-scenario="${escapeHtml(attr(props, 'id'))}"></section>`
    default:
      if (PLAIN_TAGS.has(tag)) return tag === 'br' || tag === 'hr' ? `<${tag}>` : `<${tag}${id}>${inner()}</${tag}>`
      // An unknown block keeps its text rather than vanishing.
      return `<div>${inner()}</div>`
  }
}
