import type { Settings } from '@spade/config';
import { readTableConfig } from '@spade/pipeline';
import type { createS3Client } from '@spade/storage';
import { openGeoIp } from '@spade/transform';
import type { ParserTools } from './debugLines';

/**
 * The table config and GeoIP databases, read on first use (the dashboard starts, and its queue
 * board works, even while the table config cannot be read). A failed read is retried next time.
 */
export class ParserToolsLoader {
  private loading: Promise<ParserTools> | null = null;

  constructor(
    private readonly settings: Pick<Settings, 'tableConfig' | 'geoipDir'>,
    private readonly s3: ReturnType<typeof createS3Client>,
  ) {}

  get(): Promise<ParserTools> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  private async load(): Promise<ParserTools> {
    const config = await readTableConfig(this.settings.tableConfig, this.s3);
    const geo = await openGeoIp(this.settings.geoipDir || undefined);
    return { tables: config.tables, geo, warnings: geo.warning ? [...config.warnings, geo.warning] : [...config.warnings] };
  }
}
