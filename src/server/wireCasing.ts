import type { AnnotationQueueRecord, AssignRecordResponse } from '../api/types';

// The store keeps enum values upper-case. Queues marked for lower-case enums
// send `spans`, `span`, `pending` and so on, as servers did before the v2
// re-casing, so clients are tested on both spellings.

export function toWireRecord(record: AnnotationQueueRecord, lowerCase: boolean): AnnotationQueueRecord {
  if (!lowerCase) {
    return record;
  }

  return { ...record, ...lowerCaseEnums(record), assigned_users: lowerCaseStatuses(record) };
}

export function toAssignResponse(record: AnnotationQueueRecord, lowerCase: boolean): AssignRecordResponse {
  const response: AssignRecordResponse = {
    id: record.id,
    annotation_queue_id: record.annotation_queue_id,
    source_type: record.source_type,
    granularity: record.granularity ?? null,
    assigned_users: record.assigned_users,
  };

  if (!lowerCase) {
    return response;
  }

  return { ...response, ...lowerCaseEnums(record), assigned_users: lowerCaseStatuses(record) };
}

function lowerCaseEnums(record: AnnotationQueueRecord): Pick<AnnotationQueueRecord, 'source_type' | 'granularity'> {
  return {
    source_type: record.source_type.toLowerCase(),
    granularity: typeof record.granularity === 'string' ? record.granularity.toLowerCase() : record.granularity,
  };
}

function lowerCaseStatuses(record: AnnotationQueueRecord): AnnotationQueueRecord['assigned_users'] {
  return record.assigned_users.map((assigned) => ({
    user: assigned.user,
    completion_status: assigned.completion_status.toLowerCase(),
  }));
}
