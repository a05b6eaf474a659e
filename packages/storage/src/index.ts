/** S3 access for every Spade process: client options, listing, ranged streams, uploads. */
export { createS3Client, s3ClientConfig } from './client';
export type { S3ConnectionSettings } from './client';
export { listObjects } from './list';
export { unquoteEtag } from './etag';
export type { ListedObject, ListOptions } from './list';
export {
  getObjectStream,
  getObjectBuffer,
  putObject,
  uploadStream,
  headObject,
  deleteObjects,
  rangeHeader,
} from './objects';
export type { ByteRange, ObjectHead, UploadOptions } from './objects';
export { ensureBucket } from './bucket';
export { parseS3Url, formatS3Url } from './url';
export type { S3Location } from './url';
export { S3OperationError, isNotFound } from './errors';
