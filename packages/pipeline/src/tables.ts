import { readFile } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { getObjectBuffer, parseS3Url } from '@spade/storage';
import { loadTableConfig, type LoadedTableConfig } from '@spade/transform';

/** Reads the table config from a path or an s3:// URL (warnings name dropped tables). */
export async function readTableConfig(location: string, s3: S3Client): Promise<LoadedTableConfig> {
  if (location.startsWith('s3://')) {
    const { bucket, key } = parseS3Url(location);
    return loadTableConfig((await getObjectBuffer(s3, bucket, key)).toString('utf8'), location);
  }
  return loadTableConfig(await readFile(location, 'utf8'), location);
}
