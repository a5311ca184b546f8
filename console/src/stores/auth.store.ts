import { defineStore } from 'pinia';
import { api } from '../api/endpoints';
import { getToken, setToken } from '../api/http';
import type { Role, User } from '../api/types';

interface State { user: User | null; restoring: boolean }

export const useAuthStore = defineStore('auth', {
  state: (): State => ({ user: null, restoring: false }),
  getters: {
    isAuthenticated: (s) => s.user !== null,
    role: (s): Role | null => s.user?.role ?? null,
  },
  actions: {
    async login(username: string, password: string): Promise<User> {
      const reply = await api.login(username, password);
      setToken(reply.token);
      this.user = reply.user;
      return reply.user;
    },
    /** After a reload the token is still in sessionStorage: trade it for the user, or forget it. */
    async restore(): Promise<User | null> {
      if (this.user) return this.user;
      if (!getToken()) return null;
      this.restoring = true;
      try {
        this.user = await api.me();
        return this.user;
      } catch {
        setToken(null);
        return null;
      } finally {
        this.restoring = false;
      }
    },
    setLocale(locale: string): void {
      if (this.user) this.user = { ...this.user, locale };
    },
    clear(): void {
      setToken(null);
      this.user = null;
    },
  },
});
