import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../server/auth/password';
import { sipHa1 } from '../../server/sip/sip-credentials';
import type { Role } from '../../server/auth/roles';
import type { AppServices } from '../../server/services';

let seq = 0;
const PASSWORD = 'correct horse battery';
let cachedHash: Promise<string> | undefined;

export interface TestUser { id: number; username: string; password: string; role: Role; extension: string | null; token: string }

export async function createUser(services: AppServices, app: FastifyInstance, overrides: { role?: Role; extension?: string | null; username?: string } = {}): Promise<TestUser> {
  seq += 1;
  const role = overrides.role ?? 'operator';
  const username = overrides.username ?? `${role.replace('_', '-')}-${process.pid}-${seq}`;
  const extension = overrides.extension === undefined ? String(2000 + seq) : overrides.extension;
  cachedHash ??= hashPassword(PASSWORD);
  const id = await services.users.create({ username, displayName: `Test ${role} ${seq}`, passwordHash: await cachedHash, role, extension, sip: extension ? { realm: 'warmline', ha1: sipHa1(extension, 'warmline', 'sip-secret') } : null });
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login failed for ${username}: ${res.body}`);
  return { id, username, password: PASSWORD, role, extension, token: (res.json() as { token: string }).token };
}

export function authHeader(user: { token: string }): Record<string, string> {
  return { authorization: `Bearer ${user.token}` };
}
