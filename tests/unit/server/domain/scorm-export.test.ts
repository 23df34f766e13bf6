import { describe, expect, it } from 'vitest'
import { buildManifest, renderMinimark } from '../../../../server/domain/scorm/scorm-export'
import { diagramText, riskContinuum } from '../../../../shared/diagrams'

describe('section bodies rendered for the exported package', () => {
  it.each<[string, unknown[], string]>([
    ['paragraphs and headings', [['h2', { id: 'welcome' }, 'Welcome'], ['p', {}, 'Hello ', ['strong', {}, 'there']]], '<h2 id="welcome">Welcome</h2>\n<p>Hello <strong>there</strong></p>'],
    ['text is escaped, never markup', [['p', {}, '<script>alert(1)</script> & "quotes"']], '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</p>'],
    ['a javascript: link loses its target', [['a', { href: 'javascript:alert(1)' }, 'x']], '<a href="#">x</a>'],
    ['an outside link opens safely', [['a', { href: 'https://www.gov.uk' }, 'GOV.UK']], '<a href="https://www.gov.uk" target="_blank" rel="noopener noreferrer">GOV.UK</a>'],
    ['a statistic block', [['statistic', { value: '1 in 10', label: 'go missing', source: 'DfE' }]], '<aside class="block statistic"><p class="stat-value">1 in 10</p><p>go missing</p><p class="stat-source">Source: DfE</p></aside>'],
    ['a quiz placeholder', [['quiz', { id: 'qz-s1' }]], '<section class="activity" data-quiz="qz-s1"></section>'],
    ['an unknown block keeps its text', [['mystery', {}, 'still here']], '<div>still here</div>'],
  ])('%s', (_name, value, html) => {
    expect(renderMinimark({ type: 'minimark', value })).toBe(html)
  })

  it('gives a diagram its whole text equivalent, since the package has no picture', () => {
    const html = renderMinimark({ type: 'minimark', value: [['diagram-risk-continuum', {}]] })
    expect(html).toMatch(/^<figure class="block diagram"><figcaption>Figure: /)
    for (const text of diagramText(riskContinuum)) expect(html).toContain(text.replace(/"/g, '&quot;').replace(/'/g, '&#39;'))
  })
})

describe('the exported manifest', () => {
  const input = { identifier: 'id', title: 'Course <&>', passMark: 80, launch: 'index.html', files: ['index.html', 'a b.html'] }
  it('puts the pass mark where each version reads it, and escapes text', () => {
    expect(buildManifest('1.2', input)).toContain('<adlcp:masteryscore>80</adlcp:masteryscore>')
    expect(buildManifest('2004', input)).toContain('<imsss:minNormalizedMeasure>0.80</imsss:minNormalizedMeasure>')
    expect(buildManifest('2004', input)).toContain('<title>Course &lt;&amp;&gt;</title>')
    expect(buildManifest('1.2', input)).toContain('<file href="a b.html"/>')
  })
})
