/**
 * The one way Spade builds an S3 client, with the options real S3, MinIO and s3rver all need.
 */
import { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';

/** The S3 part of Settings (structurally; @spade/config's S3Settings matches it). */
export interface S3ConnectionSettings {
  /** Empty or absent: AWS S3. Otherwise MinIO / s3rver, addressed path-style. */
  endpoint?: string;
  region: string;
  /** Empty or absent: the default AWS credential chain. */
  accessKeyId?: string;
  secretAccessKey?: string;
}

export function s3ClientConfig(settings: S3ConnectionSettings): S3ClientConfig {
  const config: S3ClientConfig = {
    region: settings.region,
    // With the default WHEN_SUPPORTED the SDK sends stream bodies aws-chunked with a trailing
    // checksum, which s3rver stores verbatim (the object then holds the chunk framing). Only
    // compute and check checksums where S3 demands them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  if (settings.endpoint) {
    config.endpoint = settings.endpoint;
    // bucket.<host> does not resolve for localhost / MinIO / s3rver endpoints.
    config.forcePathStyle = true;
  }
  if (settings.accessKeyId && settings.secretAccessKey) {
    config.credentials = { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey };
  }
  return config;
}

export function createS3Client(settings: S3ConnectionSettings): S3Client {
  return new S3Client(s3ClientConfig(settings));
}
