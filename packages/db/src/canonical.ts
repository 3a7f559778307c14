/** The platform's one canonical JSON and content hash (kept in @policy/schemas/node so the packed library verifies bundles the same way). */
export { canonicalJson, contentHash, sha256 } from '@policy/schemas/node';
