import type {
  Annotation,
  AnnotationConfig,
  AnnotationQueue,
  AnnotationQueueRecord,
  AnnotatorUser,
  AssignedUser,
  Evaluation,
} from '../api/types';
import { encodeGlobalId } from './globalIds';
import { type Prng, pickOne, pickSome, randomHex, randomInt } from './prng';
import {
  BOT_ANSWERS,
  CUSTOMER_QUESTIONS,
  EXPECTED_ANSWERS,
  MODEL_NAMES,
  PAPER_FINDINGS,
  PAPER_TOPICS,
  REVIEWER_NOTES,
  SPAN_NAMES_BY_KIND,
  SUMMARY_FLAWS,
} from './seedText';

/** How to generate the records of one queue. */
export interface RecordPlan {
  queue: AnnotationQueue;
  count: number;
  /** Number in the first record id. Each further record takes the next number. */
  firstIdNumber: number;
  /** Share (0..1) of DATASET records. The rest are SPANS records. */
  datasetShare: number;
  /** Share (0..1) of span records with TRACE granularity. The rest have SPAN. */
  traceShare: number;
  /** The dataset records' content: support-bot examples or paper summaries. */
  datasetContent: 'support' | 'papers';
  /** Time of the first record, in ms since the epoch. */
  startMs: number;
}

const ALPHANUMERIC = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const SPAN_KINDS = Object.keys(SPAN_NAMES_BY_KIND);

export function buildRecords(prng: Prng, plan: RecordPlan): AnnotationQueueRecord[] {
  const records: AnnotationQueueRecord[] = [];

  for (let i = 0; i < plan.count; i++) {
    const id = buildRecordId(prng, plan.firstIdNumber + i);
    const atMs = plan.startMs + i * 37 * 60 * 1000;
    const isDataset = prng() < plan.datasetShare;
    const record = isDataset ? buildDatasetRecord(prng, plan, id) : buildSpanRecord(prng, plan, id, atMs);

    addAssignmentsAndAnnotations(prng, plan.queue, record, atMs);
    records.push(record);
  }

  return records;
}

/**
 * Record ids decode to `AnnotationQueueRecord:<number>:<suffix>`. The suffix is
 * 3 to 5 characters long, so the ids end with no `=`, one or two.
 */
function buildRecordId(prng: Prng, idNumber: number): string {
  let suffix = '';
  const length = randomInt(prng, 3, 5);

  for (let i = 0; i < length; i++) {
    suffix += pickOne(prng, [...ALPHANUMERIC]);
  }

  return encodeGlobalId('AnnotationQueueRecord', idNumber, suffix);
}

function buildSpanRecord(prng: Prng, plan: RecordPlan, id: string, atMs: number): AnnotationQueueRecord {
  const kind = pickOne(prng, SPAN_KINDS);
  const questionIndex = randomInt(prng, 0, CUSTOMER_QUESTIONS.length - 1);
  const orderNumber = String(randomInt(prng, 100000, 999999));
  const data: Record<string, unknown> = {
    'attributes.openinference.span.kind': kind,
    name: pickOne(prng, SPAN_NAMES_BY_KIND[kind]),
    'attributes.input.value': fillOrder(CUSTOMER_QUESTIONS[questionIndex], orderNumber),
    'attributes.output.value': fillOrder(BOT_ANSWERS[questionIndex], orderNumber),
    'context.span_id': randomHex(prng, 16),
    'context.trace_id': randomHex(prng, 32),
    start_time: new Date(atMs).toISOString(),
    latency_ms: randomInt(prng, 120, 9000),
    status_code: prng() < 0.08 ? 'ERROR' : 'OK',
  };

  if (kind === 'LLM') {
    data['attributes.llm.model_name'] = pickOne(prng, MODEL_NAMES);
    data['attributes.llm.token_count.total'] = randomInt(prng, 180, 4200);
  }

  if (prng() < 0.1) {
    // Span exports contain empty columns, so clients must cope with null values.
    data['attributes.session.id'] = null;
  }

  return {
    id,
    annotation_queue_id: plan.queue.id,
    source_type: 'SPANS',
    granularity: prng() < plan.traceShare ? 'TRACE' : 'SPAN',
    data,
    annotations: [],
    trace_annotations: [],
    evaluations: prng() < 0.55 ? buildSpanEvaluations(prng) : [],
    assigned_users: [],
  };
}

function buildDatasetRecord(prng: Prng, plan: RecordPlan, id: string): AnnotationQueueRecord {
  const data = plan.datasetContent === 'papers' ? buildPaperExample(prng) : buildSupportExample(prng);

  return {
    id,
    annotation_queue_id: plan.queue.id,
    source_type: 'DATASET',
    granularity: null,
    data,
    annotations: [],
    trace_annotations: [],
    evaluations: prng() < 0.4 ? [buildFaithfulnessEvaluation(prng)] : [],
    assigned_users: [],
  };
}

function buildSupportExample(prng: Prng): Record<string, unknown> {
  const index = randomInt(prng, 0, EXPECTED_ANSWERS.length - 1);
  const orderNumber = String(randomInt(prng, 100000, 999999));

  return {
    input: fillOrder(CUSTOMER_QUESTIONS[index], orderNumber),
    output: fillOrder(BOT_ANSWERS[index], orderNumber),
    expected: EXPECTED_ANSWERS[index],
    'metadata.dataset': 'escalations-golden-v3',
    'metadata.example_id': `ex-${randomHex(prng, 8)}`,
  };
}

function buildPaperExample(prng: Prng): Record<string, unknown> {
  const topic = pickOne(prng, PAPER_TOPICS);
  const finding = pickOne(prng, PAPER_FINDINGS);
  const flaw = pickOne(prng, SUMMARY_FLAWS);

  return {
    input: `Abstract: We study ${topic}. Across six benchmarks, the proposed approach ${finding}. We discuss limitations and release code.`,
    output: `The paper studies ${topic} and finds that the approach ${finding}.${flaw}`,
    expected: `A study of ${topic}; the approach ${finding}.`,
    'metadata.source': `arXiv:26${randomInt(prng, 1, 7).toString().padStart(2, '0')}.${randomInt(prng, 10000, 19999)}`,
    'metadata.word_count': randomInt(prng, 140, 320),
  };
}

function buildSpanEvaluations(prng: Prng): Evaluation[] {
  const hallucinated = prng() < 0.2;
  const correct = prng() < 0.7;

  return [
    {
      name: 'hallucination',
      label: hallucinated ? 'hallucinated' : 'factual',
      score: hallucinated ? 1 : 0,
      explanation: hallucinated
        ? 'The reply names a policy that is not in the retrieved articles.'
        : 'Every claim in the reply is supported by the retrieved articles.',
    },
    {
      name: 'qa_correctness',
      label: correct ? 'correct' : 'incorrect',
      score: correct ? 1 : 0,
      explanation: null,
    },
  ];
}

function buildFaithfulnessEvaluation(prng: Prng): Evaluation {
  const score = Math.round(prng() * 100) / 100;

  return {
    name: 'faithfulness',
    label: score >= 0.5 ? 'faithful' : 'unfaithful',
    score,
  };
}

/**
 * Assigns none, one or several of the queue's annotators (about 35/45/20 %),
 * marks some of them COMPLETED and gives each completed record annotations.
 */
function addAssignmentsAndAnnotations(prng: Prng, queue: AnnotationQueue, record: AnnotationQueueRecord, atMs: number): void {
  const roll = prng();
  let assigneeCount = randomInt(prng, 2, 3);

  if (roll < 0.35) {
    assigneeCount = 0;
  } else if (roll < 0.8) {
    assigneeCount = 1;
  }

  const assignees = pickSome(prng, queue.annotators, assigneeCount);

  record.assigned_users = assignees.map((user): AssignedUser => ({
    user: { ...user },
    completion_status: prng() < 0.4 ? 'COMPLETED' : 'PENDING',
  }));

  const completer = record.assigned_users.find((assigned) => assigned.completion_status === 'COMPLETED');

  if (completer === undefined) {
    return;
  }

  const annotatedAt = new Date(atMs + randomInt(prng, 1, 72) * 3600 * 1000).toISOString();
  record.annotations = (queue.annotation_configs ?? []).map((config) =>
    buildAnnotation(prng, config, completer.user, annotatedAt),
  );

  if (record.granularity === 'TRACE' && prng() < 0.6) {
    record.trace_annotations = [
      { name: 'Resolved', label: prng() < 0.7 ? 'yes' : 'no', updated_at: annotatedAt, annotator: { ...completer.user } },
    ];
  }
}

function buildAnnotation(prng: Prng, config: AnnotationConfig, annotator: AnnotatorUser, updatedAt: string): Annotation {
  const annotation: Annotation = { name: config.name, updated_at: updatedAt, annotator: { ...annotator } };

  if (config.type === 'CATEGORICAL') {
    const values = config.values as Array<{ label: string; score?: number }>;
    const value = pickOne(prng, values);
    annotation.label = value.label;
    annotation.score = value.score ?? null;
  } else if (config.type === 'CONTINUOUS') {
    const minimum = config.minimum_score as number;
    const maximum = config.maximum_score as number;
    annotation.score = Math.round((minimum + prng() * (maximum - minimum)) * 10) / 10;
  } else {
    annotation.text = pickOne(prng, REVIEWER_NOTES);
  }

  return annotation;
}

function fillOrder(template: string, orderNumber: string): string {
  return template.split('{order}').join(orderNumber);
}
