import { buildConsoleOnce } from './console-build';

// The e2e files run two at a time: the console is built here, once, before any of them starts, so that two workers
// never run Vite into the same dist/console at once (each worker's buildConsoleOnce then finds it fresh).
export default function setup(): void {
  buildConsoleOnce();
}
