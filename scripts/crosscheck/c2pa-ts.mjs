// Reads each file with @trustnxt/c2pa-ts and prints one JSON line per file: the status codes of the active
// manifest (success and failure). Used by scripts/crosscheck/c2pa; not part of photoaudit.
import * as fs from 'node:fs/promises';
import { JPEG, PNG } from '@trustnxt/c2pa-ts/asset';
import { SuperBox } from '@trustnxt/c2pa-ts/jumbf';
import { ManifestStore, ValidationResult } from '@trustnxt/c2pa-ts/manifest';

for (const path of process.argv.slice(2)) {
  const buf = await fs.readFile(path);
  const asset = JPEG.canRead(buf) ? new JPEG(buf) : PNG.canRead(buf) ? new PNG(buf) : null;
  const jumbf = asset ? asset.getManifestJUMBF() : undefined;
  if (!jumbf) {
    console.log(JSON.stringify({ path, found: false }));
    continue;
  }
  let result;
  try {
    const manifests = ManifestStore.read(SuperBox.fromBuffer(jumbf));
    result = await manifests.validate(asset);
  } catch (e) {
    result = ValidationResult.fromError(e);
  }
  const codes = (list) => (list || []).map((s) => ({ code: s.code, url: s.url }));
  console.log(JSON.stringify({ path, found: true, valid: result.isValid, success: codes(result.statusEntries?.filter((s) => s.success) ?? result.success), failure: codes(result.statusEntries?.filter((s) => !s.success) ?? result.failure) }));
}
