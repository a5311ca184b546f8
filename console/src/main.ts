import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router';
import { installSessionRouting } from './session-routing';
import { i18n } from './i18n';
import './styles.css';

const app = createApp(App).use(createPinia());
installSessionRouting(router);
app.use(router).use(i18n).mount('#app');
