import type { AnnotationConfig, AnnotationQueue, AnnotationQueueRecord, Space } from '../api/types';
import { encodeGlobalId } from './globalIds';
import { createPrng } from './prng';
import { buildHostileDatasetRecord, buildHostileSpanRecord } from './seedHostile';
import { buildRecords, type RecordPlan } from './seedRecords';
import type { SandboxData, SandboxUser } from './store';

// Deterministic seed data: every call returns equal data, because all random
// choices come from one PRNG with a fixed seed. Changing the order of calls
// below changes the generated records.

const SEED = 20260601;

/** Position of the hostile span record in the big queue: on the first page at the default limit. */
const HOSTILE_SPAN_INDEX = 2;
const HOSTILE_DATASET_INDEX = 5;

const USER_ROWS: ReadonlyArray<[number, string, string, string]> = [
  [7, 'qRt4', 'Ana López', 'ana.lopez@example.com'],
  [11, 'Kp2m', 'Ben Okafor', 'ben.okafor@example.com'],
  [12, 'zX9a', 'Chen Wei', 'chen.wei@example.com'],
  // Stored with capitals, so tests can check that assign returns the stored spelling.
  [15, 'Wd3e', 'Dana Whitfield', 'Dana.Whitfield@example.com'],
  [19, 'Lm8n', 'Emil Novák', 'emil.novak@example.com'],
  [23, 'Fh5s', 'Fatima Haddad', 'fatima.haddad@example.com'],
  [24, 'Gk7p', 'Grace Kim', 'grace.kim@example.com'],
  [31, 'Ht2y', 'Hiro Tanaka', 'hiro.tanaka@example.com'],
  [36, 'Im4q', 'Inès Moreau', 'ines.moreau@example.com'],
  [40, 'Jb6r', 'Jonas Berg', 'jonas.berg@example.com'],
  [42, 'Kr9v', 'Kavya Reddy', 'kavya.reddy@example.com'],
  [57, 'Lo3c', "Liam O'Connor", 'liam.oconnor@example.com'],
];

export function createSeedData(): SandboxData {
  const prng = createPrng(SEED);
  const users = USER_ROWS.map(([idNumber, suffix, name, email]): SandboxUser => ({
    id: encodeGlobalId('User', idNumber, suffix),
    email,
    name,
  }));
  const spaces = buildSpaces();
  const [support, research] = spaces;
  const queues = buildQueues(support.id, research.id, users);
  const [escalations, refunds, legacy, summaries, retrieval] = queues;

  const plans: RecordPlan[] = [
    {
      queue: escalations,
      count: 1250,
      firstIdNumber: 3100001,
      datasetShare: 0.3,
      traceShare: 0.25,
      datasetContent: 'support',
      startMs: Date.UTC(2026, 5, 2, 9),
    },
    {
      queue: refunds,
      count: 36,
      firstIdNumber: 3200001,
      datasetShare: 0,
      traceShare: 0.2,
      datasetContent: 'support',
      startMs: Date.UTC(2026, 6, 1, 8),
    },
    {
      queue: legacy,
      count: 6,
      firstIdNumber: 2900001,
      datasetShare: 0,
      traceShare: 0.5,
      datasetContent: 'support',
      startMs: Date.UTC(2026, 2, 10, 14),
    },
    {
      queue: summaries,
      count: 48,
      firstIdNumber: 4100001,
      datasetShare: 1,
      traceShare: 0,
      datasetContent: 'papers',
      startMs: Date.UTC(2026, 6, 20, 10),
    },
  ];
  const recordsByQueue = new Map<string, AnnotationQueueRecord[]>();

  for (const plan of plans) {
    recordsByQueue.set(plan.queue.id, buildRecords(prng, plan));
  }

  recordsByQueue.set(retrieval.id, []);

  const hostileRecordIds = insertHostileRecords(recordsByQueue, escalations.id, summaries.id);

  return {
    users,
    spaces,
    queues,
    recordsByQueue,
    lowerCaseEnumQueueIds: new Set([legacy.id]),
    hostileRecordIds,
  };
}

function buildSpaces(): Space[] {
  return [
    {
      id: encodeGlobalId('Space', 1101),
      name: 'Support Bot – Production',
      description: 'Live traffic of the customer-support assistant.',
      created_at: '2025-11-03T08:12:44.000Z',
      is_private: false,
    },
    {
      id: encodeGlobalId('Space', 20457),
      name: 'Research Evals',
      description: 'Offline evaluation datasets of the research team.',
      created_at: '2026-01-19T15:40:02.000Z',
      is_private: true,
    },
  ];
}

function buildQueues(supportSpaceId: string, researchSpaceId: string, users: SandboxUser[]): AnnotationQueue[] {
  const byName = (first: string): { id: string; email: string } => {
    const user = users.find((candidate) => candidate.email.toLowerCase().startsWith(`${first}.`));

    if (user === undefined) {
      throw new Error(`Seed error: no user named ${first}`);
    }

    return { id: user.id, email: user.email };
  };
  const supportConfigs = buildSupportConfigs(supportSpaceId);
  const researchConfigs = buildResearchConfigs(researchSpaceId);

  return [
    {
      // Decodes to 'AnnotationQueue:4812' and ends with '=', so clients must encode it in paths.
      id: encodeGlobalId('AnnotationQueue', 4812),
      name: 'Escalated conversations – weekly review',
      space_id: supportSpaceId,
      instructions:
        'Review conversations that ended in an escalation. Rate correctness against the help centre, rate helpfulness from 1 to 5, and note anything a human agent would have done differently.',
      annotation_configs: supportConfigs,
      annotators: ['ana', 'ben', 'chen', 'dana', 'emil', 'fatima'].map(byName),
      created_at: '2026-06-01T07:30:00.000Z',
      updated_at: '2026-08-04T16:05:12.000Z',
    },
    {
      id: encodeGlobalId('AnnotationQueue', 48131),
      name: 'Refund policy answers',
      space_id: supportSpaceId,
      instructions: 'Check that every refund answer quotes the current 30-day policy and the right timeline.',
      annotation_configs: supportConfigs.slice(0, 2),
      annotators: ['ana', 'grace', 'hiro'].map(byName),
      created_at: '2026-07-01T07:00:00.000Z',
      updated_at: '2026-07-29T11:20:00.000Z',
    },
    {
      // Served with lower-case enum values, as servers did before the v2 re-casing.
      id: encodeGlobalId('AnnotationQueue', 3907),
      name: 'Legacy triage (pre-v2 export)',
      space_id: supportSpaceId,
      instructions: null,
      annotation_configs: supportConfigs.slice(0, 1),
      annotators: ['ben', 'ines'].map(byName),
      created_at: '2026-03-10T13:00:00.000Z',
      updated_at: '2026-03-12T09:45:00.000Z',
    },
    {
      id: encodeGlobalId('AnnotationQueue', 51220),
      name: 'Summarization faithfulness – arXiv abstracts',
      space_id: researchSpaceId,
      instructions: 'Mark a summary unfaithful if it states anything that the abstract does not support.',
      annotation_configs: researchConfigs,
      annotators: ['jonas', 'kavya', 'liam', 'chen'].map(byName),
      created_at: '2026-07-20T09:00:00.000Z',
      updated_at: '2026-08-01T10:10:00.000Z',
    },
    {
      id: encodeGlobalId('AnnotationQueue', 512260),
      name: 'Retrieval relevance – Q3 benchmark',
      space_id: researchSpaceId,
      instructions: 'Not started yet: records are added when the Q3 benchmark run finishes.',
      annotation_configs: researchConfigs.slice(1),
      annotators: ['kavya', 'liam'].map(byName),
      created_at: '2026-08-06T12:00:00.000Z',
      updated_at: '2026-08-06T12:00:00.000Z',
    },
  ];
}

function buildSupportConfigs(spaceId: string): AnnotationConfig[] {
  return [
    {
      id: encodeGlobalId('AnnotationConfig', 611),
      name: 'Correctness',
      type: 'CATEGORICAL',
      space_id: spaceId,
      created_at: '2026-05-28T10:00:00.000Z',
      values: [
        { label: 'correct', score: 1 },
        { label: 'partially_correct', score: 0.5 },
        { label: 'incorrect', score: 0 },
      ],
      optimization_direction: 'MAXIMIZE',
    },
    {
      id: encodeGlobalId('AnnotationConfig', 612),
      name: 'Helpfulness',
      type: 'CONTINUOUS',
      space_id: spaceId,
      created_at: '2026-05-28T10:01:00.000Z',
      minimum_score: 1,
      maximum_score: 5,
      optimization_direction: 'MAXIMIZE',
    },
    {
      id: encodeGlobalId('AnnotationConfig', 613),
      name: 'Reviewer notes',
      type: 'FREEFORM',
      space_id: spaceId,
      created_at: '2026-05-28T10:02:00.000Z',
    },
  ];
}

function buildResearchConfigs(spaceId: string): AnnotationConfig[] {
  return [
    {
      id: encodeGlobalId('AnnotationConfig', 7021),
      name: 'Faithful',
      type: 'CATEGORICAL',
      space_id: spaceId,
      created_at: '2026-07-18T08:00:00.000Z',
      values: [
        { label: 'faithful', score: 1 },
        { label: 'unfaithful', score: 0 },
      ],
    },
    {
      id: encodeGlobalId('AnnotationConfig', 7022),
      name: 'Relevance',
      type: 'CONTINUOUS',
      space_id: spaceId,
      created_at: '2026-07-18T08:01:00.000Z',
      minimum_score: 0,
      maximum_score: 1,
      optimization_direction: 'MAXIMIZE',
    },
  ];
}

/** Replaces one generated record in each of the two queues by a hostile one and returns their ids. */
function insertHostileRecords(
  recordsByQueue: Map<string, AnnotationQueueRecord[]>,
  spanQueueId: string,
  datasetQueueId: string,
): string[] {
  const spanRecords = recordsByQueue.get(spanQueueId) ?? [];
  const datasetRecords = recordsByQueue.get(datasetQueueId) ?? [];
  const spanId = encodeGlobalId('AnnotationQueueRecord', 3099999, 'xSs');
  const datasetId = encodeGlobalId('AnnotationQueueRecord', 4099999, 'xSs');

  spanRecords[HOSTILE_SPAN_INDEX] = buildHostileSpanRecord(spanQueueId, spanId);
  datasetRecords[HOSTILE_DATASET_INDEX] = buildHostileDatasetRecord(datasetQueueId, datasetId);

  return [spanId, datasetId];
}
