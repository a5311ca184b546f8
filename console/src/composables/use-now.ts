import { onBeforeUnmount, onMounted, ref } from 'vue';

/** A clock that ticks once a second while the component is mounted (call timers, countdowns). */
export function useNow(intervalMs = 1000) {
  const now = ref(new Date());
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => { now.value = new Date(); }, intervalMs);
  });
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
