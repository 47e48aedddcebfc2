// `npm run bench`: measures bulk assignment, paging and activation against
// the local Arize-compatible server with injected latency, prints each result
// with its target, and prints one JSON object with every number as the last line.
// docs/benchmarks.md explains each number, its target and the latest results.
//
//   node --expose-gc out/bench/run.js [--latency-ms N] [--activation-samples N]
//
// Definitions used below:
// - Round trip: the median time of single requests sent one at a time with
//   Node's http module to the same server with the same latency, from the
//   call until the last body byte arrived (see measure.ts).
// - Ideal bulk time: N × (assign round trip) ÷ C, for N records written C at a
//   time with no time lost between requests. The engine's read of the queue
//   before the writes is not in the ideal, so it counts against the engine.
// - Ideal bulk time with 429s: (A × assign round trip + R × Retry-After) ÷ C.
//   A counts every assign request the server responded to (200s and 429s),
//   so each 429 costs one round trip. R counts the 429s. The benchmark sets
//   Retry-After to 0, the smallest value the header can express (delta-seconds
//   are whole seconds), to keep the run short, so that term is zero.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

import { ArizeClient } from '../src/api/client';
import { silentLogger } from '../src/api/logger';
import { SANDBOX_API_KEY } from '../src/server/server';
import { BulkRun, measureAssignRoundTrip, prepareBulk, runBulk } from './bulk';
import { ActivationSample, buildProductionExtension, measureActivation, REPO_ROOT } from './bundle';
import { median, round } from './measure';
import { measurePaging, PagingResult } from './paging';
import { BenchServer } from './serverHandle';

const BULK_RECORDS = 1000;
const LARGE_QUEUE_RECORDS = 10_000;
const RATE_LIMIT_FRACTION = 0.2;
/** Retry-After on the server's 429s, in seconds: the smallest value, so the waits add nothing to the run's length. */
const RETRY_AFTER_SECONDS = 0;
const DEFAULT_LATENCY_MS = 50;
const DEFAULT_ACTIVATION_SAMPLES = 5;

/** Used when package.json has no default for arizeQueues.bulkConcurrency. */
const FALLBACK_CONCURRENCY = 4;

/** Thresholds from the project's performance goals; printed beside each result and never asserted. */
const TARGETS = {
  speedupShareOfC: 0.9,
  bulkRatioToIdeal: 1.15,
  pagingRatio: 1.1,
  heapGrowthMb: 60,
  activationMs: 20,
  bundleKb: 100,
};

interface Options {
  latencyMs: number;
  activationSamples: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      'latency-ms': { type: 'string', default: String(DEFAULT_LATENCY_MS) },
      'activation-samples': { type: 'string', default: String(DEFAULT_ACTIVATION_SAMPLES) },
    },
  });
  const latencyMs = Number(values['latency-ms']);
  const activationSamples = Number(values['activation-samples']);
  if (!Number.isInteger(latencyMs) || latencyMs < 1 || latencyMs > 1000) {
    throw new Error(`Invalid --latency-ms ${values['latency-ms']}: expected an integer from 1 to 1000.`);
  }
  if (!Number.isInteger(activationSamples) || activationSamples < 0 || activationSamples > 20) {
    throw new Error(`Invalid --activation-samples ${values['activation-samples']}: expected an integer from 0 (skip) to 20.`);
  }
  return { latencyMs, activationSamples };
}

/** Reads C, the default of the arizeQueues.bulkConcurrency setting, from package.json. */
function defaultConcurrency(): number {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const setting = manifest.contributes?.configuration?.properties?.['arizeQueues.bulkConcurrency'];
  return typeof setting?.default === 'number' ? setting.default : FALLBACK_CONCURRENCY;
}

function printMachine(): void {
  const cpus = os.cpus();
  const memoryGb = os.totalmem() / 2 ** 30;
  console.log(
    `machine: ${cpus.length} cores (${cpus[0]?.model ?? 'unknown CPU'}), ${memoryGb.toFixed(1)} GiB memory, ${os.type()} ${os.release()}, Node ${process.version}`,
  );
}

/** Prints the 1-minute load average, so a reader can tell whether other processes competed for the cores. */
function printLoad(when: string): void {
  console.log(`load average ${when}: ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`);
}

function report(name: string, value: string, target: string, met: boolean | undefined): void {
  let verdict = '';
  if (met !== undefined) {
    verdict = met ? '  (meets target)' : '  (misses target)';
  }
  console.log(`${name.padEnd(34)} ${value.padEnd(28)} target ${target}${verdict}`);
}

function createClient(baseUrl: string): ArizeClient {
  // The options that the extension's ConnectionProvider passes, with the default retry policy.
  return new ArizeClient({
    baseUrl,
    apiKey: SANDBOX_API_KEY,
    timeoutMs: 30_000,
    logger: silentLogger,
    userAgent: 'arize-queues-bench',
  });
}

function describeRun(run: BulkRun): string {
  const outcomes = Object.entries(run.outcomes)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
  return `${(run.ms / 1000).toFixed(2)} s, ${outcomes}, ${run.assignAttempts} assign requests (${run.assign429} got 429), ${run.lost} lost`;
}

interface BulkResults {
  concurrency: number;
  roundTripMs: number;
  sequential: BulkRun;
  parallel: BulkRun;
  rateLimited: BulkRun;
}

async function benchBulk(server: BenchServer, baseUrl: string, latencyMs: number): Promise<BulkResults> {
  const concurrency = defaultConcurrency();
  const client = createClient(baseUrl);
  const setup = await prepareBulk(server, BULK_RECORDS);
  const roundTripMs = await measureAssignRoundTrip(server, baseUrl, setup);
  console.log(`assign round trip: ${roundTripMs.toFixed(2)} ms (injected latency ${latencyMs} ms)`);

  const sequential = await runBulk(server, client, setup, 1);
  console.log(`bulk, one request at a time: ${describeRun(sequential)}`);
  const parallel = await runBulk(server, client, setup, concurrency);
  console.log(`bulk, concurrency ${concurrency}: ${describeRun(parallel)}`);

  await server.call('setKnobs', { knobs: { rateLimitFraction: RATE_LIMIT_FRACTION, retryAfter: String(RETRY_AFTER_SECONDS) } });
  const rateLimited = await runBulk(server, client, setup, concurrency);
  console.log(
    `bulk, concurrency ${concurrency}, ${RATE_LIMIT_FRACTION * 100}% 429 (Retry-After ${RETRY_AFTER_SECONDS}): ${describeRun(rateLimited)}`,
  );

  return { concurrency, roundTripMs, sequential, parallel, rateLimited };
}

async function benchPaging(server: BenchServer, baseUrl: string): Promise<PagingResult> {
  const { queueId } = await server.call('addGeneratedQueue', { count: LARGE_QUEUE_RECORDS });
  const paging = await measurePaging(createClient(baseUrl), baseUrl, queueId);
  const sumRoundTrips = paging.pageRoundTrips.reduce((sum, value) => sum + value, 0);
  console.log(
    `paging: ${paging.records} records in ${paging.pages} pages; first page ${paging.firstPageMs.toFixed(1)} ms median ` +
      `(its round trip ${paging.pageRoundTrips[0].toFixed(1)} ms); all pages ${paging.allPagesMs.toFixed(0)} ms ` +
      `(sum of round trips ${sumRoundTrips.toFixed(0)} ms); heap growth ${paging.heapGrowthMb.toFixed(1)} MB`,
  );
  return paging;
}

function benchActivation(samples: number): { activationMs: number | null; bundleKb: number } {
  const extension = buildProductionExtension();
  try {
    const bundleKb = extension.bundleBytes / 1024;
    console.log(`bundle: ${extension.bundleBytes} bytes minified (node esbuild.js --production)`);
    if (samples === 0) {
      console.log('activation: skipped (--activation-samples 0)');
      return { activationMs: null, bundleKb };
    }

    const measured: ActivationSample[] | undefined = measureActivation(extension.dir, samples);
    if (!measured) {
      return { activationMs: null, bundleKb };
    }
    for (const [index, sample] of measured.entries()) {
      console.log(
        `activation sample ${index + 1}: load ${sample.loadMs.toFixed(1)} ms + activate() ${sample.activateMs.toFixed(1)} ms; ` +
          `Extension.activate() ${sample.apiActivateMs.toFixed(1)} ms (extension host on Node ${sample.node})`,
      );
    }
    return { activationMs: median(measured.map((sample) => sample.loadMs + sample.activateMs)), bundleKb };
  } finally {
    extension.remove();
  }
}

async function main(): Promise<void> {
  const options = parseOptions();
  printMachine();
  printLoad('at start');
  console.log(`latency ${options.latencyMs} ms, ${BULK_RECORDS} records for bulk, ${LARGE_QUEUE_RECORDS} records for paging`);

  const server = new BenchServer();
  let bulk: BulkResults;
  let paging: PagingResult;
  try {
    const { url } = await server.call('start', { knobs: { latencyMs: options.latencyMs } });
    bulk = await benchBulk(server, url, options.latencyMs);
    paging = await benchPaging(server, url);
  } finally {
    await server.stop();
  }
  const { activationMs, bundleKb } = benchActivation(options.activationSamples);
  printLoad('at end');

  const c = bulk.concurrency;
  const ideal = (BULK_RECORDS * bulk.roundTripMs) / c;
  const rateLimitWaitMs = bulk.rateLimited.assign429 * RETRY_AFTER_SECONDS * 1000;
  const ideal429 = (bulk.rateLimited.assignAttempts * bulk.roundTripMs + rateLimitWaitMs) / c;
  const sumRoundTrips = paging.pageRoundTrips.reduce((sum, value) => sum + value, 0);
  const result = {
    bulk_concurrency: c,
    bulk_speedup_vs_sequential: round(bulk.sequential.ms / bulk.parallel.ms, 3),
    bulk_ratio_to_ideal: round(bulk.parallel.ms / ideal, 3),
    bulk429_ratio_to_ideal: round(bulk.rateLimited.ms / ideal429, 3),
    lost_assignments: bulk.sequential.lost + bulk.parallel.lost + bulk.rateLimited.lost,
    first_page_ratio_to_rtt: round(paging.firstPageMs / paging.pageRoundTrips[0], 3),
    all_pages_ratio_to_rtts: round(paging.allPagesMs / sumRoundTrips, 3),
    heap_growth_mb: round(paging.heapGrowthMb, 1),
    activation_ms: activationMs === null ? null : round(activationMs, 1),
    bundle_kb: round(bundleKb, 1),
  };

  console.log('');
  report(
    'bulk speedup vs one at a time',
    `${result.bulk_speedup_vs_sequential}`,
    `>= ${TARGETS.speedupShareOfC * c} (0.9 × C), at most ${c}`,
    result.bulk_speedup_vs_sequential >= TARGETS.speedupShareOfC * c,
  );
  report(
    'bulk time / ideal',
    `${result.bulk_ratio_to_ideal}`,
    `<= ${TARGETS.bulkRatioToIdeal}`,
    result.bulk_ratio_to_ideal <= TARGETS.bulkRatioToIdeal,
  );
  report(
    'bulk with 429s time / ideal',
    `${result.bulk429_ratio_to_ideal}`,
    `<= ${TARGETS.bulkRatioToIdeal}`,
    result.bulk429_ratio_to_ideal <= TARGETS.bulkRatioToIdeal,
  );
  report('lost assignments (3 runs)', `${result.lost_assignments}`, '0', result.lost_assignments === 0);
  report(
    'first page / its round trip',
    `${result.first_page_ratio_to_rtt}`,
    `<= ${TARGETS.pagingRatio}`,
    result.first_page_ratio_to_rtt <= TARGETS.pagingRatio,
  );
  report(
    'all pages / sum of round trips',
    `${result.all_pages_ratio_to_rtts}`,
    `<= ${TARGETS.pagingRatio}`,
    result.all_pages_ratio_to_rtts <= TARGETS.pagingRatio,
  );
  report(
    'heap growth, 10,000 records held',
    `${result.heap_growth_mb} MB`,
    `<= ${TARGETS.heapGrowthMb} MB`,
    result.heap_growth_mb <= TARGETS.heapGrowthMb,
  );
  report(
    'activation (load + activate())',
    activationMs === null ? 'not measured' : `${result.activation_ms} ms (median)`,
    `<= ${TARGETS.activationMs} ms`,
    activationMs === null ? undefined : activationMs <= TARGETS.activationMs,
  );
  report('minified bundle', `${result.bundle_kb} KB`, `<= ${TARGETS.bundleKb} KB`, result.bundle_kb <= TARGETS.bundleKb);
  console.log(JSON.stringify(result));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
