/** S3 sends ETags in double quotes ("\"d41d8cd9...\""); Spade stores and compares them bare. */
export function unquoteEtag(etag: string | undefined): string {
  if (etag === undefined) return '';
  return etag.length >= 2 && etag.startsWith('"') && etag.endsWith('"') ? etag.slice(1, -1) : etag;
}
