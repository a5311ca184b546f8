// Next best offer at full size (issue #23): what rescoring every customer costs after a refit. On a copy of the kept
// customers database (bench-data.ts: 1 M customers / 10 M skewed interactions by default), three offers with the
// seed's kinds of eligibility get a model each (fitted on a sample of real customer features with labels from a
// hidden rule), then OfferModelService.rescoreAll() ranks every customer in batches, as the nightly refit job does.
// Prints JSON: wall time, customers per second, score rows written, node CPU, peak RSS, where the time went (each
// repository call of a batch, timed), and the offers read the pop makes (scoresOf) before and after, p50/p99.
// By default the first --score customers (by id) are rescored, batch by batch as rescoreAll() does, and the whole
// run is projected from them; --all rescores every customer (1 M: long).
//   npx tsx bench/offers-rescore.bench.ts -- [--customers 1000000] [--interactions 10000000] [--batch 2000]
//     [--sample 5000] [--score 40000 | --all]
import pino from 'pino';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { ensureBenchDatabase } from './support/bench-data';
import { startBenchStack } from './support/bench-stack';
import { arg, percentiles } from './support/stats';
import { OffersRepository } from '../server/offers/offers.repository';
import { OfferScoresRepository } from '../server/offers/offer-scores.repository';
import { OfferModelService } from '../server/offers/offer-model.service';
import { fitLogistic, type TrainingRow } from '../server/offers/logistic-model';
import { InProcessJobQueue } from '../server/jobs/in-process-queue';
import { prng } from '../tests/support/prng';

const customers = arg('customers', 1_000_000);
const interactions = arg('interactions', 10_000_000);
const batchSize = arg('batch', 2000);
const sample = arg('sample', 5000);
const scoreFirst = process.argv.includes('--all') ? Number.POSITIVE_INFINITY : arg('score', 40_000);
const progress = (m: string) => process.stderr.write(`[bench:offers-rescore] ${m}\n`);
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const templateUrl = await ensureBenchDatabase(baseUrl, 'warmline_bench', { customers, interactions }, progress);
const template = new URL(templateUrl).pathname.slice(1);
// AMI port 9: nothing listens there; this bench needs no PBX (the link retries quietly in the background).
const stack = await startBenchStack(9, {}, { template, log: progress });
const log = pino({ level: 'silent' });
const { db, sql } = stack.services.dbHandle;
try {
  const repo = new OffersRepository(db);
  const scores = new OfferScoresRepository(db);
  const jobs = new InProcessJobQueue(log);
  const sut = new OfferModelService(repo, scores, jobs, log, { refitEveryMs: 0, batchSize });
  // Where a batch's time goes: every repository call the rescoring makes, timed (the calls of one batch overlap).
  const spent: Record<string, number> = {};
  const timeCalls = (target: object, names: string[]) => {
    for (const name of names) {
      const self = target as Record<string, (...a: unknown[]) => Promise<unknown>>;
      const original = self[name]!.bind(target);
      self[name] = async (...a: unknown[]) => {
        const t = performance.now();
        try { return await original(...a); } finally { spent[name] = (spent[name] ?? 0) + performance.now() - t; }
      };
    }
  };
  timeCalls(repo, ['features', 'list']);
  timeCalls(scores, ['blocked', 'eligible', 'replaceScores', 'latestModels', 'productNames', 'customerIdsAfter']);

  // Three offers on the three most owned products, with the seed's kinds of rules (owns a product; spends >= 50; anyone reachable).
  const products = await sql<{ id: number }[]>`SELECT product_id AS id FROM purchases GROUP BY product_id ORDER BY count(*) DESC LIMIT 3`;
  const user = await sql<{ id: number }[]>`SELECT id FROM users ORDER BY id LIMIT 1`;
  const createdBy = user[0]?.id ?? (await sql<{ id: number }[]>`INSERT INTO users (username, display_name, password_hash, role) VALUES ('bench-offers', 'Bench', 'x', 'campaign_manager') RETURNING id`)[0]!.id;
  const rules = [
    { all: [{ type: 'owns_products', productIds: [products[1]!.id] }, { type: 'do_not_call', value: false }] },
    { all: [{ type: 'total_spend', op: 'gte', value: 50 }, { type: 'do_not_call', value: false }] },
    { all: [{ type: 'do_not_call', value: false }] },
  ];
  const offerIds: number[] = [];
  for (const [i, rule] of rules.entries()) {
    const [o] = await sql<{ id: number }[]>`
      INSERT INTO offers (product_id, name, eligibility, price, margin, script, active, created_by)
      VALUES (${products[(i + 1) % products.length]!.id}, ${`Bench offer ${i + 1}`}, ${sql.json(rule)}, '30.00', ${String(8 + 4 * i) + '.00'}, '', true, ${createdBy})
      RETURNING id`;
    offerIds.push(o!.id);
  }

  // A model per offer, fitted on real customers' features; the labels follow a hidden rule so the fit has a pattern.
  const rnd = prng(23);
  const ids = (await sql<{ id: number }[]>`SELECT id FROM customers TABLESAMPLE SYSTEM (1) LIMIT ${sample}`).map((r) => Number(r.id));
  const features = await repo.features(ids);
  for (const offerId of offerIds) {
    const rows: TrainingRow[] = [...features.values()].map(({ features: x }) => {
      const signal = Object.values(x).reduce((a, v, k) => a + (k % 2 ? 0.3 : -0.2) * Math.min(3, Math.abs(v)), 0);
      return { x, y: rnd() < 1 / (1 + Math.exp(-(signal - 1))) ? 1 : 0 };
    });
    const model = fitLogistic(rows, { lambda: 1 });
    await scores.saveModel({ offerId, model, trainedOn: rows.length, accepted: rows.filter((r) => r.y === 1).length, auc: null });
  }
  progress(`3 offers, models fitted on ${features.size} customers`);

  const popRead = async () => {
    const probe = ids.slice(0, 300);
    const ms: number[] = [];
    for (const id of probe) {
      const t = performance.now();
      await scores.scoresOf(id);
      ms.push(performance.now() - t);
    }
    return percentiles(ms);
  };
  const pgCpu = async () => Number((await sql<{ ms: string }[]>`
    SELECT coalesce(sum(total_exec_time), 0)::text AS ms FROM pg_stat_statements`.catch(() => [{ ms: 'NaN' }]))[0]!.ms);
  const before = await popRead();
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 200);
  const cpu0 = process.cpuUsage();
  const pg0 = await pgCpu();
  const t0 = performance.now();
  let scored = 0;
  if (Number.isFinite(scoreFirst)) {
    for (let after = 0; scored < scoreFirst;) {
      const batch = await scores.customerIdsAfter(after, Math.min(batchSize, scoreFirst - scored));
      if (batch.length === 0) break;
      await sut.rescore(batch);
      scored += batch.length;
      after = batch[batch.length - 1]!;
    }
  } else {
    scored = await sut.rescoreAll();
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const pg1 = await pgCpu();
  clearInterval(rssTimer);
  const [counts] = await sql<{ rows: number; eligible: number }[]>`
    SELECT count(*)::int AS rows, count(DISTINCT customer_id)::int AS eligible FROM customer_offer_scores`;
  const after = await popRead();
  await jobs.close();
  console.log(JSON.stringify({
    measured: 'OfferModelService.rescoreAll() over every customer, 3 offers with models',
    customers, interactions, batchSize, customersScored: scored,
    projectedMinutesForAll: Math.round((customers / (scored / wallS)) / 6) / 10,
    msPerBatchBy: Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, Math.round(v / Math.max(1, Math.ceil(scored / batchSize)))])), scoreRows: counts!.rows, customersWithAnOffer: counts!.eligible,
    wallSeconds: Math.round(wallS * 10) / 10, customersPerSecond: Math.round(scored / wallS),
    nodeCpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
    postgresExecSeconds: Number.isNaN(pg1 - pg0) ? 'pg_stat_statements not loaded' : Math.round((pg1 - pg0) / 100) / 10,
    peakRssMb: Math.round(peakRss / 1048576),
    popOffersReadMs: { before, after },
    cpus: os.cpus().length, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
  }, null, 2));
} finally {
  await stack.stop();
}
