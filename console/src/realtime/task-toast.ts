import { useToastsStore } from '../stores/toasts.store';
import { i18n } from '../i18n';
import { translate } from '../i18n/use-t';
import { formatTime } from '../format/formatters';
import type { TaskDuePush } from '../stores/reminders.store';

/** In-page toast always; an OS notification too when the operator already granted it (never prompted here). */
export function notifyTaskDue(task: TaskDuePush): void {
  const t = translate;
  const locale = i18n.global.locale.value;
  const title = task.kind === 'callback' ? t('reminders.callbackDue') : t('reminders.followUpDue');
  const body = `${formatTime(task.dueAt, locale)} · ${task.note}`;
  useToastsStore().push({ title, body, kind: 'warning' });
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.hidden) {
    try {
      new Notification(title, { body, tag: `task-${task.taskId}` });
    } catch {
      // some browsers only allow notifications from a service worker
    }
  }
}
