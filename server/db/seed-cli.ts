import { loadConfig } from '../config';
import { createDb } from './database';
import { migrate } from './migrator';
import { seedDemo } from './seed';

// npm run db:seed -- --customers 50000
const idx = process.argv.indexOf('--customers');
const customers = idx > 0 ? Number(process.argv[idx + 1]) : Number(process.env.SEED_CUSTOMERS ?? 2000);
if (!Number.isSafeInteger(customers) || customers < 0 || customers > 50_000_000) {
  console.error('--customers must be a whole number between 0 and 50,000,000');
  process.exit(2);
}
const config = loadConfig();
const handle = createDb(config.databaseUrl, { max: 2, applicationName: 'warmline-seed' });
try {
  await migrate(handle.sql);
  const t0 = Date.now();
  await seedDemo(handle.db, { customers, sipRealm: config.sipRealm });
  console.log(`seeded ${customers} customers in ${Date.now() - t0} ms`);
} finally {
  await handle.close();
}
