/** s3://bucket/key URLs, as written in settings, manifests and logs (keys are not percent-encoded). */
export interface S3Location {
  bucket: string;
  /** May be empty (s3://bucket or s3://bucket/). */
  key: string;
}

const SCHEME = 's3://';

export function parseS3Url(url: string): S3Location {
  if (!url.startsWith(SCHEME)) throw new Error(`not an s3:// URL: ${JSON.stringify(url)}`);
  const rest = url.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  if (bucket === '') throw new Error(`s3:// URL without a bucket: ${JSON.stringify(url)}`);
  return { bucket, key: slash === -1 ? '' : rest.slice(slash + 1) };
}

export function formatS3Url(bucket: string, key: string): string {
  return `${SCHEME}${bucket}/${key}`;
}
