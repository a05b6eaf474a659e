import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';

/** Records are handed to gzip in blocks of about this size: each write is a round trip to zlib's thread. */
const BLOCK_CHARS = 64 * 1024;
/** zlib's fastest: at level 6 these few records (3% of the benchmark's lines) cost over 1% of the parse. */
const GZIP_LEVEL = 1;

/**
 * A gzip stream of JSON lines uploaded while it is written (rejects, non-tracked events), so a
 * file full of bad lines needs no more memory than a good one. The upload starts on the first
 * record: chunks without any write nothing.
 */
export class JsonLinesSink {
  private gzip: ReturnType<typeof createGzip> | null = null;
  private block = '';
  private upload: Promise<void> | null = null;
  private failure: Error | null = null;
  /** Set when gzip asked the writer to wait. */
  private full = false;
  count = 0;

  constructor(private readonly startUpload: (body: PassThrough) => Promise<void>) {}

  /** Writes one record, synchronously: call drained() now and then to respect back-pressure. */
  write(record: object): void {
    if (!this.gzip) {
      const body = new PassThrough();
      this.gzip = createGzip({ level: GZIP_LEVEL });
      this.gzip.pipe(body);
      const gzip = this.gzip;
      this.upload = this.startUpload(body);
      this.upload.catch((error: Error) => {
        // A failed upload stops reading: stop writing too instead of waiting for a drain.
        this.failure = error;
        gzip.destroy(error);
      });
    }
    if (this.failure) throw this.failure;
    this.count++;
    this.block += `${JSON.stringify(record)}\n`;
    if (this.block.length < BLOCK_CHARS) return;
    const block = this.block;
    this.block = '';
    if (!this.gzip.write(block)) this.full = true;
  }

  /** Resolves when the stream can take more records (at once when it can); throws a failed upload's error. */
  async drained(): Promise<void> {
    if (this.full && this.gzip) {
      const gzip = this.gzip;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          gzip.off('drain', done);
          gzip.off('close', done);
          resolve();
        };
        gzip.on('drain', done);
        gzip.on('close', done);
      });
      this.full = false;
    }
    if (this.failure) throw this.failure;
  }

  /** Ends the stream and waits for the upload to finish. */
  async close(): Promise<void> {
    if (!this.gzip) return;
    if (this.block.length > 0) this.gzip.end(this.block);
    else this.gzip.end();
    this.block = '';
    await this.upload;
  }
}
