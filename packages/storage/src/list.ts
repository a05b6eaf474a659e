/**
 * listObjects: every object under a prefix, page after page (ListObjectsV2 continuation tokens),
 * in S3's key order.
 */
import { ListObjectsV2Command, ListObjectsV2CommandOutput, S3Client } from '@aws-sdk/client-s3';
import { unquoteEtag } from './etag';
import { S3OperationError } from './errors';
import { formatS3Url } from './url';

export interface ListedObject {
  key: string;
  size: number;
  /** Without the surrounding quotes S3 puts around it. */
  etag: string;
  lastModified: Date;
}

export interface ListOptions {
  /** Keys per request (S3's maximum and default is 1000). */
  pageSize?: number;
}

export async function* listObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
  startAfter?: string,
  options: ListOptions = {},
): AsyncGenerator<ListedObject> {
  let continuationToken: string | undefined;
  do {
    let page: ListObjectsV2CommandOutput;
    try {
      page = await client.send(new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        // StartAfter only matters for the first page; the token carries the position after it.
        StartAfter: continuationToken === undefined ? startAfter : undefined,
        ContinuationToken: continuationToken,
        MaxKeys: options.pageSize,
      }));
    } catch (error) {
      throw new S3OperationError('ListObjectsV2', formatS3Url(bucket, prefix), error);
    }
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined) continue;
      yield {
        key: object.Key,
        size: object.Size ?? 0,
        etag: unquoteEtag(object.ETag),
        lastModified: object.LastModified ?? new Date(0),
      };
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken !== undefined);
}
