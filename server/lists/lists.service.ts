import { AppError, ConflictError, NotFoundError, ValidationError } from '../http/app-error';
import type { AuditRepository } from '../audit/audit.repository';
import type { EventBus } from '../events/event-bus';
import { LIST_LOCALES, LIST_NAMES, type CreateListItemBody, type ListItem, type ListName, type ListsReply, type UpdateListItemBody } from '@contract/lists.schemas';
import { SYSTEM_PAUSE_REASONS } from '../agents/agents.repository';
import type { ListsRepository } from './lists.repository';

interface Actor { id: number; ip: string | null }

/** Codes each list accepts (the tables' CHECKs, and an SKU's usual characters). */
const CODE: Record<ListName, RegExp> = {
  dispositions: /^[a-z0-9_-]{1,48}$/,
  'pause-reasons': /^[a-z0-9_-]{1,48}$/,
  'refusal-reasons': /^[a-z][a-z0-9_]{0,39}$/,
  products: /^[A-Za-z0-9._-]{1,40}$/,
};
/**
 * Items the server itself relies on: relabelled like any other, never retired or deleted. The pause reasons the
 * server sets, and 'other', where refusal_code_for puts every free-text refusal it cannot match.
 */
const SYSTEM: Record<ListName, readonly string[]> = {
  dispositions: [],
  'pause-reasons': [...SYSTEM_PAUSE_REASONS, 'wrapup', 'logoff'],
  'refusal-reasons': ['other'],
  products: [],
};

export class ListItemInUseError extends AppError {
  constructor(list: ListName, code: string) {
    super('list-item-in-use', 409, `${code} is referred to by recorded history: retire it instead of deleting it`, { list, code });
  }
}

// Issue #21: dispositions, pause reasons, refusal reasons and products as lists an administrator edits. Every
// change is audited with before and after, and announced (lists.changed) so open consoles reload their labels.
export class ListsService {
  constructor(private readonly repo: ListsRepository, private readonly audit: AuditRepository, private readonly bus: EventBus) {}

  async all(): Promise<ListsReply> {
    const entries = await Promise.all(LIST_NAMES.map(async (l) => [l, await this.repo.all(l, SYSTEM[l])] as const));
    return Object.fromEntries(entries) as ListsReply;
  }

  async create(list: ListName, body: CreateListItemBody, actor: Actor): Promise<ListItem> {
    const code = body.code.trim();
    if (!CODE[list].test(code)) throw new ValidationError(`code must match ${CODE[list].source}`, { field: 'code' });
    if (list === 'dispositions' && !body.category) throw new ValidationError('a disposition needs a category', { field: 'category' });
    if (list === 'products' && (!body.kind || body.price === undefined)) throw new ValidationError('a product needs a kind and a price', { field: body.kind ? 'price' : 'kind' });
    const label = this.label(body.label);
    const labels = this.labels({}, body.labels);
    const existing = await this.repo.all(list, SYSTEM[list]);
    const sortOrder = body.sortOrder ?? (existing.filter((i) => !i.system).reduce((m, i) => Math.max(m, i.sortOrder), 0) + 10);
    const inserted = await this.repo.insert(list, { code, label, labels, sortOrder, category: body.category, kind: body.kind, price: body.price });
    if (!inserted) throw new ConflictError('list-code-taken', `${code} is already in the list`, { list, code });
    const after = (await this.repo.one(list, code, SYSTEM[list]))!;
    await this.changed(list, 'list.item_created', code, null, after, actor);
    return after;
  }

  async update(list: ListName, code: string, body: UpdateListItemBody, actor: Actor): Promise<ListItem> {
    const before = await this.get(list, code);
    if (body.active === false && before.system) throw new ConflictError('list-item-system', `${code} is set by the server itself and cannot be retired`, { list, code });
    await this.repo.update(list, code, {
      label: body.label === undefined ? undefined : this.label(body.label),
      labels: body.labels === undefined ? undefined : this.labels(before.labels, body.labels),
      active: body.active, sortOrder: body.sortOrder, category: list === 'dispositions' ? body.category : undefined,
      price: list === 'products' ? body.price : undefined,
    });
    const after = (await this.repo.one(list, code, SYSTEM[list]))!;
    const action = body.active === false && before.active ? 'list.item_retired' : body.active === true && !before.active ? 'list.item_restored' : 'list.item_updated';
    await this.changed(list, action, code, before, after, actor);
    return after;
  }

  /** Puts the list in the order given; every code of the list must be named once. */
  async reorder(list: ListName, codes: string[], actor: Actor): Promise<ListItem[]> {
    const before = await this.repo.all(list, SYSTEM[list]);
    const known = new Set(before.map((i) => i.code));
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length || codes.length !== known.size) {
      throw new ValidationError('codes must name every item of the list once', { field: 'codes', unknown: unknown.slice(0, 20), expected: known.size });
    }
    await this.repo.reorder(list, codes);
    const after = await this.repo.all(list, SYSTEM[list]);
    await this.audit.record({ userId: actor.id, action: 'list.reordered', target: list, ip: actor.ip,
      details: { list, before: before.map((i) => i.code), after: after.map((i) => i.code) } });
    this.bus.publish('lists.changed', { list });
    return after;
  }

  /** Deletes an item nothing refers to (a mistake just made); anything recorded keeps its code, so retire those. */
  async remove(list: ListName, code: string, actor: Actor): Promise<void> {
    const before = await this.get(list, code);
    if (before.system) throw new ConflictError('list-item-system', `${code} is set by the server itself and cannot be deleted`, { list, code });
    if (await this.repo.inUse(list, code)) throw new ListItemInUseError(list, code);
    try {
      await this.repo.remove(list, code);
    } catch (err) {
      // A row written between the check and the delete: the foreign key refuses, and the answer is the same.
      if ((err as { code?: string }).code === '23503') throw new ListItemInUseError(list, code);
      throw err;
    }
    await this.changed(list, 'list.item_deleted', code, before, null, actor);
  }

  private async get(list: ListName, code: string): Promise<ListItem> {
    const item = await this.repo.one(list, code, SYSTEM[list]);
    if (!item) throw new NotFoundError('list-item', code);
    return item;
  }

  private label(text: string): string {
    const label = text.trim();
    if (!label) throw new ValidationError('label must not be blank', { field: 'label' });
    return label;
  }

  /** Merges a change into the labels: a language given blank loses its label. */
  private labels(current: Record<string, string>, change: Partial<Record<string, string | undefined>> | undefined): Record<string, string> {
    const out: Record<string, string> = { ...current };
    for (const [locale, value] of Object.entries(change ?? {})) {
      if (!(LIST_LOCALES as readonly string[]).includes(locale)) throw new ValidationError(`unknown language ${locale}`, { field: `labels.${locale}` });
      const text = (value ?? '').trim();
      if (text) out[locale] = text;
      else delete out[locale];
    }
    return out;
  }

  private async changed(list: ListName, action: string, code: string, before: ListItem | null, after: ListItem | null, actor: Actor): Promise<void> {
    await this.audit.record({ userId: actor.id, action, target: `${list}:${code}`, ip: actor.ip, details: { list, code, before, after } });
    this.bus.publish('lists.changed', { list });
  }
}
