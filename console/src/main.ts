import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router';
import { installSessionRouting } from './session-routing';
import { applyLocale, i18n, initialLocale, loadLocale } from './i18n';
// Self-hosted Noto Sans (latin, cyrillic, devanagari…, issue #22.5): a bare Linux + Chromium has no Devanagari font
// and drew Hindi as empty boxes. Each script's file has its own unicode-range: the browser fetches the Devanagari
// one when Devanagari text is drawn: the Hindi UI, and in every language the language list's "हिन्दी" (after the
// first screen, not blocking it).
import '@fontsource-variable/noto-sans/wght.css';
import './styles.css';

const app = createApp(App).use(createPinia());
installSessionRouting(router);
app.use(router).use(i18n);
// The first paint waits for the one language it shows (its own chunk), never for the other four.
const first = initialLocale();
void loadLocale(first).finally(() => {
  applyLocale(first);
  app.mount('#app');
});
