import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../config';
import { createDb } from '../db/database';
import { AuthRepository } from './auth.repository';
import { hashPassword } from './password';
import { isDemoPassword } from './demo-credentials';

// npm run user:set-password -- admin   (the new password is read from stdin, never from the command line, so it
// stays out of shell history and `ps`). The way out of the production start-up refusal of demo passwords.
const username = process.argv[2]?.trim().toLowerCase();
if (!username) {
  console.error('usage: npm run user:set-password -- USERNAME   (new password on stdin)');
  process.exit(2);
}
const rl = createInterface({ input: process.stdin, output: process.stderr });
const password = (await rl.question(`New password for ${username}: `)).trim();
rl.close();
if (password.length < 12 || isDemoPassword(password)) {
  console.error('The password must have at least 12 characters and not be a published demo password.');
  process.exit(2);
}
const config = loadConfig();
const handle = createDb(config.databaseUrl, { max: 1, applicationName: 'warmline-set-password' });
try {
  const done = await new AuthRepository(handle.db).setPassword(username, await hashPassword(password));
  if (!done) {
    console.error(`No user ${username}`);
    process.exitCode = 1;
  } else {
    console.log(`Password of ${username} changed.`);
  }
} finally {
  await handle.close();
}
