// Next best offer (issue #23): on the demo history, fit each offer's model on everything but the last month and
// measure it on that month: acceptance AUC, calibration by decile, and expected revenue per 100 offers of the
// ranking against offering the single most popular product to everyone. Prints JSON.
//   npx tsx bench/offers.bench.ts -- [--customers 2000] [--history 12000] [--holdout-days 30] [--keep]
import postgres from 'postgres';
import { createDb } from '../server/db/database';
import { migrate } from '../server/db/migrator';
import { seedReferenceData } from '../server/db/seed-reference';
import { seedCustomers, seedUsers } from '../server/db/seed';
import { seedOffers } from '../server/db/seed-offers';
import { OffersRepository } from '../server/offers/offers.repository';
import { OfferScoresRepository } from '../server/offers/offer-scores.repository';
import { fitLogistic, predict, type LogisticModel } from '../server/offers/logistic-model';
import { auc, calibrationByDecile, calibrationError, round1 } from '../server/offers/offer-metrics';
import { arg } from './support/stats';

const customers = arg('customers', 2000);
const history = arg('history', 12_000);
const holdoutDays = arg('holdout-days', 30);
const keep = process.argv.includes('--keep');
const progress = (m: string) => process.stderr.write(`[bench] ${m}\n`);

const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `warmline_bench_offers_${process.pid}`;
const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${name}`);
const url = new URL(baseUrl);
url.pathname = `/${name}`;
const handle = createDb(url.toString(), { max: 4, applicationName: 'warmline-bench-offers' });
try {
  const t0 = Date.now();
  await migrate(handle.sql);
  await seedReferenceData(handle.db);
  await seedUsers(handle.db);
  await seedCustomers(handle.db, customers);
  await seedOffers(handle.db, { history });
  progress(`seeded ${customers} customers and ${history} offer events in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const repo = new OffersRepository(handle.db);
  const scores = new OfferScoresRepository(handle.db);
  const cutoff = new Date(Date.now() - holdoutDays * 86_400_000);
  const offers = await repo.list(true);
  const models = new Map<number, LogisticModel>();
  const perOffer = [];
  const pooled = { p: [] as number[], y: [] as number[] };
  const test = new Map<number, Awaited<ReturnType<typeof repo.labelled>>>();
  for (const o of offers) {
    const train = await repo.labelled(o.id, { before: cutoff });
    const held = await repo.labelled(o.id, { from: cutoff });
    const model = fitLogistic(train.map((r) => ({ x: r.features, y: r.accepted ? 1 : 0 })));
    models.set(o.id, model);
    test.set(o.id, held);
    const p = held.map((r) => predict(model, r.features));
    const y = held.map((r) => (r.accepted ? 1 : 0));
    pooled.p.push(...p);
    pooled.y.push(...y);
    const calibration = calibrationByDecile(p, y);
    perOffer.push({
      offerId: o.id, name: o.name, margin: Number(o.margin), trainRows: train.length, trainAccepted: train.filter((r) => r.accepted).length,
      testRows: held.length, testAccepted: y.filter((v) => v === 1).length, auc: round3(auc(p, y)), calibrationError: calibrationError(calibration),
    });
  }
  const calibration = calibrationByDecile(pooled.p, pooled.y);

  // The policies, on the held-out month's answers. "Expected" uses the models' probabilities (calibrated, as
  // measured above) over every customer who answered an offer that month; "replay" uses only what happened:
  // the answers where the offer actually made is the one the policy would have chosen (the history offered
  // eligible offers at random, so these are a fair sample of the policy).
  const popular = perOffer.reduce((a, b) => (b.trainAccepted > a.trainAccepted ? b : a));
  const popularOffer = offers.find((o) => o.id === popular.offerId)!;
  const heldRows = offers.flatMap((o) => test.get(o.id)!.map((r) => ({ ...r, offerId: o.id, customerId: r.customerId })));
  const customerIds = [...new Set(heldRows.map((r) => r.customerId))];
  const eligible = new Map<number, Set<number>>();
  for (const o of offers) eligible.set(o.id, await scores.eligible(o.eligibility, customerIds, new Date()));
  const firstFeatures = new Map<number, (typeof heldRows)[number]['features']>();
  for (const r of heldRows) if (!firstFeatures.has(r.customerId)) firstFeatures.set(r.customerId, r.features);
  const choice = new Map<number, number>();
  let rankedValue = 0;
  let rankedPrice = 0;
  let popularValue = 0;
  let popularPrice = 0;
  for (const [customerId, x] of firstFeatures) {
    const options = offers.filter((o) => eligible.get(o.id)!.has(customerId))
      .map((o) => ({ o, p: predict(models.get(o.id)!, x) })).sort((a, b) => b.p * Number(b.o.margin) - a.p * Number(a.o.margin));
    const best = options[0];
    if (best) {
      choice.set(customerId, best.o.id);
      rankedValue += best.p * Number(best.o.margin);
      rankedPrice += best.p * Number(best.o.price);
    }
    const pp = predict(models.get(popularOffer.id)!, x);
    popularValue += pp * Number(popularOffer.margin);
    popularPrice += pp * Number(popularOffer.price);
  }
  const n = firstFeatures.size;
  const matched = heldRows.filter((r) => choice.get(r.customerId) === r.offerId);
  const popularRows = heldRows.filter((r) => r.offerId === popularOffer.id);
  const marginOf = (id: number) => Number(offers.find((o) => o.id === id)!.margin);
  const replay = (rows: typeof heldRows) => (rows.length ? round1((100 * rows.reduce((s, r) => s + (r.accepted ? marginOf(r.offerId) : 0), 0)) / rows.length) : null);

  const pooledAuc = round3(auc(pooled.p, pooled.y));
  const calError = calibrationError(calibration);
  console.log(JSON.stringify({
    customers, history, holdoutDays, cutoff: cutoff.toISOString(),
    model: 'logistic regression, L2 (lambda 1), IRLS, one per offer',
    heldOut: { answers: pooled.y.length, accepted: pooled.y.filter((v) => v === 1).length },
    auc: pooledAuc, calibrationError: calError, calibration,
    perOffer,
    per100Offers: {
      customers: n,
      ranking: { expectedMargin: round1((100 * rankedValue) / n), expectedRevenue: round1((100 * rankedPrice) / n), replayMargin: replay(matched), replayAnswers: matched.length },
      mostPopular: { offer: popularOffer.name, expectedMargin: round1((100 * popularValue) / n), expectedRevenue: round1((100 * popularPrice) / n), replayMargin: replay(popularRows), replayAnswers: popularRows.length },
    },
    targets: { aucAtLeast: 0.75, calibrationErrorAtMost: 5, met: (pooledAuc ?? 0) >= 0.75 && (calError ?? 99) <= 5 },
  }, null, 2));
} finally {
  await handle.close();
  if (!keep) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

function round3(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1000) / 1000;
}
