import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SettingsPatch, SettingsView } from '@contract/settings.schemas';
import { ADMINS } from '../auth/roles';
import { currentUser } from '../http/auth-guard';
import type { AppServices } from '../services';

// Call-center settings (issue #21), admin only.
export const settingsRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.get('/api/settings', {
    schema: { tags: ['settings'], response: { 200: SettingsView } },
    config: { roles: ADMINS },
  }, async () => services.settings.reload());

  app.patch('/api/settings', {
    schema: { tags: ['settings'], body: SettingsPatch, response: { 200: SettingsView } },
    config: { roles: ADMINS },
  }, async (request) => services.settings.update(request.body, { id: currentUser(request).id, ip: request.ip }));
};
