import type { AnnotationQueue, AnnotationQueueRecord, AnnotatorUser, Space } from '../api/types';
import { createSeedData } from './seed';

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

  private rebuildIndex(): void {
    this.recordIndex = new Map();

    for (const records of this.data.recordsByQueue.values()) {
      for (const record of records) {
        this.recordIndex.set(record.id, record);
      }
    }
  }
}
