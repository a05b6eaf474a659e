/** Where the benchmark reads the project's files and writes its results (bench-results/ is gitignored). */
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const RESULTS_DIR = join(ROOT, 'bench-results');
export const DATA_DIR = join(RESULTS_DIR, 'data');
export const TABLE_CONFIG = join(ROOT, 'fixtures', 'spade', 'latest', 'table_config.json');
export const GEOIP_DIR = join(ROOT, 'fixtures', 'geoip');
export const CLI = join(ROOT, 'apps', 'cli', 'bin', 'spade.js');
