import { importPackage } from '../../../../services/scorm/scorm-packages'

/** Uploads a SCORM 1.2 or 2004 zip, sent as the raw request body. */
export default defineApiHandler(async (event) => {
  const { user } = requireAdmin(event)
  const limits = scormZipLimits()
  const upload = await receiveUpload(event, limits.maxUploadBytes)
  try {
    const pkg = await importPackage(await useDb(), useScormStorage(), { zipPath: upload.path, sizeBytes: upload.size, uploadedBy: user.id, limits })
    setResponseStatus(event, 201)
    return { package: { id: pkg.id, title: pkg.title, version: pkg.version, schemaVersion: pkg.schemaVersion, launchPath: pkg.launchPath, masteryScaled: pkg.masteryScaled } }
  }
  finally {
    await upload.cleanup()
  }
})
