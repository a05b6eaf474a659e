/** One thread of the `parallel` benchmark: warm up, say so, then run one core pass when told. */
import { parentPort, workerData } from 'node:worker_threads';
import { openGeoIp } from '@spade/transform';
import { loadTables } from './coreBench';
import { runPass } from './corePass';
import { GEOIP_DIR } from './paths';

async function main(): Promise<void> {
  const { path } = workerData as { path: string };
  const tables = loadTables();
  const geo = await openGeoIp(GEOIP_DIR);
  await runPass('core', path, tables, geo, 20000);
  parentPort!.postMessage({ ready: true });
  parentPort!.once('message', () => {
    void runPass('core', path, tables, geo).then((result) => parentPort!.postMessage({ result }));
  });
}

void main();
