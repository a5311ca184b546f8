import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser';

// The console's formatters (console/src/format) run in real Chromium, whose reduced ICU has no Mongolian data
// (issue #22.3: "Dec 4, 2026 · 23 hours ago" on a Mongolian screen). Node has full ICU, so only a browser shows it.
// Catches: dropping the mn fallback in formatters.ts (Chromium's Intl then answers in English).
const ROOT = path.resolve(import.meta.dirname, '../..');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [path.join(ROOT, 'console/src/format/formatters.ts')],
    bundle: true, write: false, format: 'iife', globalName: 'fmt', target: 'es2022',
  });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setContent('<!doctype html><title>fmt</title>');
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
}, 60_000);
afterAll(async () => { await browser?.close(); });

const ENGLISH = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|ago|in \d|AM|PM|yesterday|hours?|minutes?|days?)\b/;

describe('dates, times and money in every UI language, in Chromium', () => {
  it('Mongolian is Mongolian, not English', async () => {
    const out = await page.evaluate(() => {
      const f = (globalThis as unknown as { fmt: typeof import('../../console/src/format/formatters') }).fmt;
      const d = new Date(2026, 11, 4, 23, 5);
      const now = new Date(2026, 11, 5, 22, 5);
      return [f.formatDateTime(d, 'mn'), f.formatDate(d, 'mn'), f.formatTime(d, 'mn'), f.formatRelative(d, 'mn', now),
        f.formatRelative(new Date(2026, 11, 4, 22), 'mn', new Date(2026, 11, 5, 22)), f.formatMoney('3600.00', 'mn', 'MNT')];
    });
    for (const s of out) expect(s).not.toMatch(ENGLISH);
    expect(out).toEqual(['2026 оны 12-р сарын 4 23:05', '2026 оны 12-р сарын 4', '23:05', '23 цагийн өмнө', 'өчигдөр', '₮\u00a03,600.00']);
  });

  it('the other four languages keep the browser\'s own Intl', async () => {
    const out = await page.evaluate(() => {
      const f = (globalThis as unknown as { fmt: typeof import('../../console/src/format/formatters') }).fmt;
      const d = new Date(2026, 11, 4, 23, 5);
      return Object.fromEntries(['ru', 'hi', 'id', 'en'].map((l) => [l, f.formatDateTime(d, l) + ' | ' + f.formatRelative(d, l, new Date(2026, 11, 5, 22, 5))]));
    });
    expect(out.ru).toMatch(/дек/);
    expect(out.ru).toMatch(/назад/);
    expect(out.hi).toMatch(/पहले/);
    expect(out.id).toMatch(/Des/);
    expect(out.en).toMatch(/Dec 4, 2026/);
    for (const l of ['ru', 'hi', 'id']) expect(out[l]).not.toMatch(ENGLISH);
  });
});
