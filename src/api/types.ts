// Shapes of the Arize REST API v2 resources that this extension reads and writes.
// Field names are the wire names. Enum fields are typed as known values or
// `string` because the API has re-cased its enums before and may add values:
// parsers normalise case and keep unknown values as they came.

export type CompletionStatus = 'PENDING' | 'COMPLETED';
export type SourceType = 'SPANS' | 'DATASET';
export type Granularity = 'SPAN' | 'TRACE';

export interface AnnotatorUser {
  id: string;
  email: string;
}

export interface AssignedUser {
  user: AnnotatorUser;
  /** `PENDING` or `COMPLETED` today; any other value is kept upper-cased. */
  completion_status: CompletionStatus | string;
}

export interface Annotation {
  name: string;
  score?: number | null;
  label?: string | null;
  text?: string | null;
  updated_at?: string | null;
  annotator?: AnnotatorUser | null;
}

export interface Evaluation {
  name: string;
  score?: number | null;
  label?: string | null;
  explanation?: string | null;
}

export interface AnnotationConfig {
  id: string;
  name: string;
  type: string;
  space_id?: string;
  created_at?: string;
  [field: string]: unknown;
}

export interface AnnotationQueue {
  id: string;
  name: string;
  space_id: string;
  instructions?: string | null;
  annotation_configs?: AnnotationConfig[];
  annotators: AnnotatorUser[];
  created_at: string;
  updated_at: string;
}

export interface AnnotationQueueRecord {
  id: string;
  annotation_queue_id: string;
  source_type: SourceType | string;
  granularity?: Granularity | string | null;
  /** Flat span or dataset fields. Untrusted user content. */
  data: Record<string, unknown>;
  annotations: Annotation[];
  trace_annotations: Annotation[];
  evaluations: Evaluation[];
  assigned_users: AssignedUser[];
}

/** The partial record that the assign endpoint returns. */
export interface AssignRecordResponse {
  id: string;
  annotation_queue_id: string;
  source_type: SourceType | string;
  granularity?: Granularity | string | null;
  assigned_users: AssignedUser[];
}

export interface Space {
  id: string;
  name: string;
  description?: string;
  created_at?: string;
  is_private?: boolean;
}

export interface PaginationMetadata {
  has_more: boolean;
  next_cursor?: string;
}

export interface ListQueuesResponse {
  annotation_queues: AnnotationQueue[];
  pagination: PaginationMetadata;
}

export interface ListRecordsResponse {
  records: AnnotationQueueRecord[];
  pagination: PaginationMetadata;
}

export interface ListSpacesResponse {
  spaces: Space[];
  pagination: PaginationMetadata;
}

export interface AssignRecordRequest {
  assigned_user_emails: string[];
}

/** RFC 9457 problem details, the body of every Arize error response. */
export interface Problem {
  status: number;
  title: string;
  type?: string;
  detail?: string;
  instance?: string;
  [field: string]: unknown;
}

/** One page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  hasMore: boolean;
  nextCursor?: string;
}
