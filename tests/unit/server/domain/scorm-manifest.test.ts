import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { launchFileOf, parseManifest } from '../../../../server/domain/scorm/scorm-manifest'
import { GOLF_DIR } from '../../../support/scorm-fixtures'

const manifest12 = (item: string, resources: string, extra = '') => `<?xml version="1.0"?>
<manifest identifier="m12" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o1"><organization identifier="o1"><title>A 1.2 course</title>${item}</organization>${extra}</organizations>
  <resources>${resources}</resources>
</manifest>`

describe('reading imsmanifest.xml', () => {
  it('reads the golf sample (SCORM 2004 3rd Edition) as it is', () => {
    const m = parseManifest(readFileSync(join(GOLF_DIR, 'imsmanifest.xml'), 'utf8'))
    expect(m).toMatchObject({
      version: '2004',
      schemaVersion: '2004 3rd Edition',
      title: 'Golf Explained - Run-time Advanced Calls',
      organisationIdentifier: 'golf_sample_default_org',
      scoIdentifier: 'item_1',
      launchPath: 'shared/launchpage.html',
      masteryScaled: 0.8,
      completionThreshold: null,
    })
    expect(m.objectiveIds).toEqual(['PRIMARYOBJ', 'obj_etiquette', 'obj_handicapping', 'obj_havingfun', 'obj_playing'])
  })

  it('reads a SCORM 1.2 manifest with its mastery score, launch data and item parameters', () => {
    const m = parseManifest(manifest12(
      '<item identifier="i1" identifierref="r1" parameters="?page=2"><title>One</title><adlcp:datafromlms>hello</adlcp:datafromlms><adlcp:masteryscore>75</adlcp:masteryscore></item>',
      '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html?lang=en"><file href="index.html"/></resource>',
    ))
    expect(m).toMatchObject({ version: '1.2', title: 'A 1.2 course', masteryScaled: 0.75, launchData: 'hello', launchPath: 'index.html?lang=en&page=2' })
    expect(launchFileOf(m.launchPath)).toBe('index.html')
  })

  it('uses the default organisation and the first SCO in it', () => {
    const xml = manifest12(
      '<item identifier="i1" identifierref="r1"><title>One</title></item>',
      '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="first.html"/><resource identifier="r2" type="webcontent" adlcp:scormtype="sco" href="second.html"/>',
      '<organization identifier="o2"><title>Other</title><item identifier="i2" identifierref="r2"><title>Two</title></item></organization>',
    ).replace('default="o1"', 'default="o2"')
    expect(parseManifest(xml)).toMatchObject({ organisationIdentifier: 'o2', launchPath: 'second.html', title: 'Other' })
  })

  it.each([
    ['not XML at all', 'this is not xml <', /well-formed/],
    ['a different root element', '<?xml version="1.0"?><html/>', /IMS manifest/],
    ['no organisation', manifest12('', '').replace(/<organizations[\s\S]*<\/organizations>/, '<organizations/>'), /no organization/],
    ['an item without a resource', manifest12('<item identifier="i1"><title>x</title></item>', ''), /launch file/],
    ['two SCOs', manifest12('<item identifier="i1" identifierref="r1"><title>1</title></item><item identifier="i2" identifierref="r2"><title>2</title></item>',
      '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html"/><resource identifier="r2" type="webcontent" adlcp:scormtype="sco" href="b.html"/>'), /2 SCOs/],
    ['a launch file on another site', manifest12('<item identifier="i1" identifierref="r1"><title>1</title></item>',
      '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="https://evil.example/x.html"/>'), /not inside the package/],
    ['an unknown SCORM version', manifest12('', '').replace('<schemaversion>1.2</schemaversion>', '<schemaversion>0.9</schemaversion>').replace('xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"', ''), /not SCORM 1.2 or 2004/],
    ['a mastery score out of range', manifest12('<item identifier="i1" identifierref="r1"><title>1</title><adlcp:masteryscore>150</adlcp:masteryscore></item>',
      '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html"/>'), /masteryscore/],
  ])('refuses %s with a clear message', (_name, xml, message) => {
    expect(() => parseManifest(xml)).toThrow(message)
  })
})
