import type { AnnotationQueue, AnnotationQueueRecord, AnnotatorUser, Space } from '../api/types';
import { encodeGlobalId } from './globalIds';
import { createPrng } from './prng';
import { createSeedData } from './seed';
import { buildRecords } from './seedRecords';

/** An account user. Only `id` and `email` appear on the wire, as an AnnotatorUser. */
export interface SandboxUser extends AnnotatorUser {
  name: string;
}

/**
 * The whole in-memory data set. Records are stored in the wire shape with
 * upper-case enum values, whatever casing their queue sends.
 */
export interface SandboxData {
  users: SandboxUser[];
  spaces: Space[];
  queues: AnnotationQueue[];
  /** Records of each queue in insertion order, which is also the list order. */
  recordsByQueue: Map<string, AnnotationQueueRecord[]>;
  /** Queues whose records are sent with lower-case enum values, as servers did before the v2 re-casing. */
  lowerCaseEnumQueueIds: Set<string>;
  /** Records whose data contains markup, links and `command:` URIs, for tests of untrusted content. */
  hostileRecordIds: string[];
}

/** Generated queues take ids from here on, far from the seeded ones. */
const GENERATED_QUEUE_FIRST_NUMBER = 90_000;

/** Upper bound on a generated queue, so a mistyped count cannot exhaust memory. */
export const MAX_GENERATED_RECORDS = 50_000;

export interface QueueSummary {
  id: string;
  name: string;
  spaceId: string;
  spaceName: string;
  recordCount: number;
  annotatorEmails: string[];
  lowerCaseEnums: boolean;
}

export interface SeedSummary {
  spaces: Array<{ id: string; name: string }>;
  queues: QueueSummary[];
  userEmails: string[];
  hostileRecordIds: string[];
}

/**
 * The sandbox's mutable data with lookups by id. The object stays the same
 * across `restoreSeed()`, so tests may keep a reference to it.
 */
export class SandboxStore {
  data: SandboxData = createSeedData();

  private recordIndex = new Map<string, AnnotationQueueRecord>();

  constructor() {
    this.rebuildIndex();
  }

  restoreSeed(): void {
    this.data = createSeedData();
    this.rebuildIndex();
  }

  get users(): SandboxUser[] {
    return this.data.users;
  }

  get spaces(): Space[] {
    return this.data.spaces;
  }

  get queues(): AnnotationQueue[] {
    return this.data.queues;
  }

  findSpace(spaceId: string): Space | undefined {
    return this.data.spaces.find((space) => space.id === spaceId);
  }

  findQueue(queueId: string): AnnotationQueue | undefined {
    return this.data.queues.find((queue) => queue.id === queueId);
  }

  /** Returns the queue's records in list order, or an empty array for an unknown queue. */
  recordsOf(queueId: string): AnnotationQueueRecord[] {
    return this.data.recordsByQueue.get(queueId) ?? [];
  }

  /** Returns the record only when it belongs to the given queue. */
  findRecord(queueId: string, recordId: string): AnnotationQueueRecord | undefined {
    const record = this.recordIndex.get(recordId);
    return record?.annotation_queue_id === queueId ? record : undefined;
  }

  /** Finds an account user by e-mail, ignoring case. */
  findUserByEmail(email: string): SandboxUser | undefined {
    const wanted = email.toLowerCase();
    return this.data.users.find((user) => user.email.toLowerCase() === wanted);
  }

  usesLowerCaseEnums(queueId: string): boolean {
    return this.data.lowerCaseEnumQueueIds.has(queueId);
  }

  summarize(): SeedSummary {
    const spaceNames = new Map(this.data.spaces.map((space) => [space.id, space.name]));

    return {
      spaces: this.data.spaces.map((space) => ({ id: space.id, name: space.name })),
      queues: this.data.queues.map((queue) => ({
        id: queue.id,
        name: queue.name,
        spaceId: queue.space_id,
        spaceName: spaceNames.get(queue.space_id) ?? '',
        recordCount: this.recordsOf(queue.id).length,
        annotatorEmails: queue.annotators.map((user) => user.email),
        lowerCaseEnums: this.usesLowerCaseEnums(queue.id),
      })),
      userEmails: this.data.users.map((user) => user.email),
      hostileRecordIds: [...this.data.hostileRecordIds],
    };
  }

  /**
   * Adds a queue of `count` generated records in the first space, for tests of
   * large queues. Deterministic for a given `count`; `restoreSeed()` removes it.
   */
  addGeneratedQueue(name: string, count: number): AnnotationQueue {
    const template = this.data.queues[0];
    const number = GENERATED_QUEUE_FIRST_NUMBER + this.data.queues.length;
    const queue: AnnotationQueue = { ...template, id: encodeGlobalId('AnnotationQueue', number), name };
    const records = buildRecords(createPrng(number), {
      queue,
      count,
      firstIdNumber: number * 100_000,
      datasetShare: 0.3,
      traceShare: 0.25,
      datasetContent: 'support',
      startMs: Date.UTC(2026, 8, 1, 9),
    });

    this.data.queues.push(queue);
    this.data.recordsByQueue.set(queue.id, records);
    for (const record of records) {
      this.recordIndex.set(record.id, record);
    }
    return queue;
  }

  private rebuildIndex(): void {
    this.recordIndex = new Map();

    for (const records of this.data.recordsByQueue.values()) {
      for (const record of records) {
        this.recordIndex.set(record.id, record);
      }
    }
  }
}
