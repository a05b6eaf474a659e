import { BucketLocationConstraint, CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { isNotFound, S3OperationError } from './errors';

/** Creates the bucket unless it exists (local development and tests; production buckets are
 * made by infrastructure). */
export async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (error) {
    if (!isNotFound(error)) throw new S3OperationError('HeadBucket', `s3://${bucket}`, error);
  }
  const region = await client.config.region();
  try {
    await client.send(new CreateBucketCommand({
      Bucket: bucket,
      // us-east-1 is the one region that must not be named as a location constraint.
      CreateBucketConfiguration: region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint },
    }));
  } catch (error) {
    // Another process created it between our HEAD and CREATE.
    if (error instanceof Error && error.name === 'BucketAlreadyOwnedByYou') return;
    throw new S3OperationError('CreateBucket', `s3://${bucket}`, error);
  }
}
