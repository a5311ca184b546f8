import { loadConfig } from '../config';
import { createDb } from './database';
import { migrate } from './migrator';

const config = loadConfig();
const handle = createDb(config.databaseUrl, { max: 1, applicationName: 'warmline-migrate' });
try {
  const applied = await migrate(handle.sql);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await handle.close();
}
