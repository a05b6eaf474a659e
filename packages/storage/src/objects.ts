/**
 * Reading and writing single objects: ranged streams, buffers, puts, streamed uploads, heads,
 * batch deletes.
 */
import { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectCommandOutput,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { isNotFound, S3OperationError } from './errors';
import { unquoteEtag } from './etag';
import { formatS3Url } from './url';

/** Byte range with an inclusive end, as in HTTP's `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface ObjectHead {
  size: number;
  etag: string;
  lastModified: Date;
  contentType: string | undefined;
}

export function rangeHeader(range: ByteRange): string {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`bad byte range ${start}-${end}`);
  }
  return `bytes=${start}-${end}`;
}

async function getObject(client: S3Client, bucket: string, key: string, range?: ByteRange): Promise<GetObjectCommandOutput> {
  const command = new GetObjectCommand({ Bucket: bucket, Key: key, Range: range ? rangeHeader(range) : undefined });
  try {
    return await client.send(command);
  } catch (error) {
    throw new S3OperationError('GetObject', formatS3Url(bucket, key), error);
  }
}

/** The object's bytes (or the range's) as a Node stream; nothing is buffered beyond the socket. */
export async function getObjectStream(client: S3Client, bucket: string, key: string, range?: ByteRange): Promise<Readable> {
  const output = await getObject(client, bucket, key, range);
  // In Node the SDK's body is the http IncomingMessage (a Readable with SDK mixins).
  if (!(output.Body instanceof Readable)) {
    throw new Error(`GetObject ${formatS3Url(bucket, key)} returned no Node stream body`);
  }
  return output.Body;
}

export async function getObjectBuffer(client: S3Client, bucket: string, key: string, range?: ByteRange): Promise<Buffer> {
  const output = await getObject(client, bucket, key, range);
  if (output.Body === undefined) return Buffer.alloc(0);
  const bytes = await output.Body.transformToByteArray();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export async function putObject(
  client: S3Client,
  bucket: string,
  key: string,
  body: Buffer | string,
  contentType?: string,
): Promise<{ etag: string }> {
  try {
    const output = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    return { etag: unquoteEtag(output.ETag) };
  } catch (error) {
    throw new S3OperationError('PutObject', formatS3Url(bucket, key), error);
  }
}

export interface UploadOptions {
  contentType?: string;
  /** Bytes per multipart part (S3 minimum and lib-storage default: 5 MiB). */
  partSize?: number;
  /** Parts in flight at once; memory use is about partSize × queueSize. */
  queueSize?: number;
}

/**
 * Streams `stream` to S3 without knowing its length (lib-storage Upload: one PutObject for a
 * short stream, multipart otherwise). Parts are sent as buffers, never aws-chunked.
 */
export async function uploadStream(
  client: S3Client,
  bucket: string,
  key: string,
  stream: Readable,
  options: UploadOptions = {},
): Promise<{ etag: string }> {
  const upload = new Upload({
    client,
    params: { Bucket: bucket, Key: key, Body: stream, ContentType: options.contentType },
    partSize: options.partSize,
    queueSize: options.queueSize,
  });
  try {
    const output = await upload.done();
    return { etag: unquoteEtag('ETag' in output ? output.ETag : undefined) };
  } catch (error) {
    throw new S3OperationError('Upload', formatS3Url(bucket, key), error);
  }
}

/** null when the object does not exist. */
export async function headObject(client: S3Client, bucket: string, key: string): Promise<ObjectHead | null> {
  try {
    const output = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return {
      size: output.ContentLength ?? 0,
      etag: unquoteEtag(output.ETag),
      lastModified: output.LastModified ?? new Date(0),
      contentType: output.ContentType,
    };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw new S3OperationError('HeadObject', formatS3Url(bucket, key), error);
  }
}

/** S3 takes at most 1000 keys per DeleteObjects request. */
const DELETE_BATCH = 1000;

/** Deletes the keys (missing keys are not an error in S3). Throws if S3 reports any failure. */
export async function deleteObjects(client: S3Client, bucket: string, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += DELETE_BATCH) {
    const batch = keys.slice(i, i + DELETE_BATCH);
    let errors: { Key?: string; Code?: string; Message?: string }[];
    try {
      const output = await client.send(new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: batch.map((key) => ({ Key: key })), Quiet: true },
      }));
      errors = output.Errors ?? [];
    } catch (error) {
      throw new S3OperationError('DeleteObjects', formatS3Url(bucket, batch[0]), error);
    }
    if (errors.length > 0) {
      const first = errors[0];
      throw new Error(`DeleteObjects in s3://${bucket} failed for ${errors.length} keys, first ${first.Key}: ${first.Code} ${first.Message}`);
    }
  }
}
