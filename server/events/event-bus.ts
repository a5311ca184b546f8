import { EventEmitter } from 'node:events';
import type { DomainEventName, DomainEvents } from './domain-events';
import type { Logger } from '../logger';

type Handler<K extends DomainEventName> = (payload: DomainEvents[K]) => void | Promise<void>;

// In-process bus. Handlers run after the publisher's transaction committed; a failing handler is logged and
// never breaks the publisher or the other handlers.
export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor(private readonly log?: Logger) {
    this.emitter.setMaxListeners(100);
  }

  publish<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    for (const listener of this.emitter.listeners(name) as Handler<K>[]) {
      try {
        const result = listener(payload);
        if (result instanceof Promise) result.catch((err: unknown) => this.log?.error({ err, event: name }, 'event handler failed'));
      } catch (err) {
        this.log?.error({ err, event: name }, 'event handler failed');
      }
    }
  }

  subscribe<K extends DomainEventName>(name: K, handler: Handler<K>): () => void {
    this.emitter.on(name, handler);
    return () => this.emitter.off(name, handler);
  }
}
