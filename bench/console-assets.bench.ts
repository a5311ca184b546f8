// What the operator's browser downloads before the console is usable, and how long that takes. Prints JSON.
//   npm run bench:console -- [--runs 7] [--dist path/to/dist/console]
// The real app on a fresh test database serves the built console (dist/console, built if stale; or --dist, e.g. an
// older commit's build for a before/after figure) to headless Chromium on localhost. An operator with an extension
// signs in once; each run then clears the browser cache and loads /console from cold.
//   firstScreen: the JS files fetched until the console is live (realtime online, agent state shown), with their
//     sizes raw, gzip -9 and brotli q11 (computed here from the files, so an old build without .br/.gz files is
//     measured the same way) and the bytes Chromium actually received (br when the build has .br files, the plain
//     file otherwise). firstScreenWithoutPhone leaves out the WebRTC phone's sip.js chunk: since #22.6 it is its own
//     chunk, imported only when this browser registers a WebRTC phone, fetched beside the screen, not before it.
//   deferred: JS fetched after that while the page settles (the WebRTC phone's sip.js, when it is split off).
//   ttiMs: navigation start -> console live, p50/p95 over the runs (localhost, no network throttling).
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Response } from 'playwright-core';
import { startBenchStack } from './support/bench-stack';
import { createUser } from '../tests/factories/user.factory';
import { buildConsoleOnce } from '../tests/e2e/support/console-build';
import { launchBrowser } from '../tests/e2e/support/browser';
import { loginInBrowser } from '../tests/e2e/support/console-page';
import { arg, percentiles } from './support/stats';

const runs = arg('runs', 7);
const distArg = process.argv.indexOf('--dist');
const dist = distArg >= 0 ? path.resolve(process.argv[distArg + 1]!) : buildConsoleOnce();
if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`no console build at ${dist}`);
const progress = (m: string) => process.stderr.write(`[bench] ${m}\n`);

interface FileSizes { file: string; raw: number; gzip: number; brotli: number; transferred: number }
const sizeCache = new Map<string, Omit<FileSizes, 'transferred'>>();
function sizesOf(urlPath: string): Omit<FileSizes, 'transferred'> {
  let s = sizeCache.get(urlPath);
  if (!s) {
    const buf = readFileSync(path.join(dist, urlPath));
    s = {
      file: urlPath,
      raw: buf.length,
      gzip: gzipSync(buf, { level: 9 }).length,
      brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
    sizeCache.set(urlPath, s);
  }
  return s;
}
const total = (files: FileSizes[], k: keyof Omit<FileSizes, 'file'>) => files.reduce((n, f) => n + f[k], 0);
const kb = (n: number) => Math.round(n / 102.4) / 10;
function summary(files: FileSizes[]) {
  return {
    files: files.length,
    rawKB: kb(total(files, 'raw')), gzipKB: kb(total(files, 'gzip')), brotliKB: kb(total(files, 'brotli')),
    transferredKB: kb(total(files, 'transferred')),
    list: files.map((f) => `${f.file} raw ${kb(f.raw)} KB, br ${kb(f.brotli)} KB, wire ${kb(f.transferred)} KB`),
  };
}

// No PBX: AMI points at a closed port (the console does not need one to go live).
const stack = await startBenchStack(9, { CONSOLE_DIR: dist, SIP_WSS_URL: 'wss://127.0.0.1:9/ws' });
const baseUrl = stack.url;
const agent = await createUser(stack.services, stack.app, { role: 'operator' });
const browser = await launchBrowser();
try {
  const page = await loginInBrowser(browser, baseUrl, agent);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const tti: number[] = [];
  let first: FileSizes[] = [];
  let deferred: FileSizes[] = [];
  for (let i = 0; i < runs; i++) {
    await cdp.send('Network.clearBrowserCache');
    const seen: Response[] = [];
    const onResponse = (r: Response) => { if (new URL(r.url()).pathname.endsWith('.js')) seen.push(r); };
    page.on('response', onResponse);
    await page.goto(`${baseUrl}/console`);
    await page.waitForSelector('[data-testid=realtime-status].rt-online', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=agent-state]', { timeout: 30_000 });
    tti.push(await page.evaluate(() => performance.now()));
    const firstCount = seen.length;
    await page.waitForLoadState('networkidle');
    page.off('response', onResponse);
    const measure = async (r: Response): Promise<FileSizes> => ({ ...sizesOf(new URL(r.url()).pathname), transferred: (await r.request().sizes()).responseBodySize });
    first = await Promise.all(seen.slice(0, firstCount).map(measure));
    deferred = await Promise.all(seen.slice(firstCount).map(measure));
    progress(`run ${i + 1}/${runs}: ${Math.round(tti.at(-1)!)} ms, ${first.length} JS files first, ${deferred.length} after`);
  }
  console.log(JSON.stringify({
    bench: 'console-assets',
    dist,
    route: '/console (operator with an extension)',
    runs,
    firstScreenJs: summary(first),
    firstScreenWithoutPhone: summary(first.filter((f) => !/sip-js-softphone/.test(f.file))),
    deferredJs: summary(deferred),
    ttiMs: percentiles(tti),
    targetBrotliKB: 120,
  }, null, 2));
} finally {
  await browser.close();
  await stack.stop();
}
