// Identifiers that package.json, menus and `when` clauses rely on. A unit test
// checks every value here against package.json, so rename in both places.

export const EXTENSION_ID = 'arize-annotation-queues.arize-annotation-queues';

export const OUTPUT_CHANNEL_NAME = 'Arize Annotation Queues';

export const ViewContainerIds = {
  queues: 'arizeQueues',
} as const;

export const ViewIds = {
  queues: 'arizeQueues.queues',
} as const;

export const CommandIds = {
  setApiKey: 'arizeQueues.setApiKey',
  clearApiKey: 'arizeQueues.clearApiKey',
  refresh: 'arizeQueues.refresh',
  assignUsers: 'arizeQueues.assignUsers',
  clearAssignment: 'arizeQueues.clearAssignment',
  showLogs: 'arizeQueues.showLogs',
  loadMoreRecords: 'arizeQueues.loadMoreRecords',
  addReviewers: 'arizeQueues.addReviewers',
  removeReviewer: 'arizeQueues.removeReviewer',
  distributeRecords: 'arizeQueues.distributeRecords',
  undoLastAssignment: 'arizeQueues.undoLastAssignment',
  applyAssignmentPlan: 'arizeQueues.applyAssignmentPlan',
  exportAssignmentHistory: 'arizeQueues.exportAssignmentHistory',
  typeEmails: 'arizeQueues.typeEmails',
  chooseRegion: 'arizeQueues.chooseRegion',
  retryFailed: 'arizeQueues.retryFailed',
  filterRecords: 'arizeQueues.filterRecords',
  clearFilter: 'arizeQueues.clearFilter',
  showQueueProgress: 'arizeQueues.showQueueProgress',
  showRecordDetails: 'arizeQueues.showRecordDetails',
  switchProfile: 'arizeQueues.switchProfile',
  openInArize: 'arizeQueues.openInArize',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

/** Settings, without the `arizeQueues.` section prefix that `getConfiguration` takes apart. */
export const SETTINGS_SECTION = 'arizeQueues';

export const SettingKeys = {
  apiBaseUrl: 'apiBaseUrl',
  spaceId: 'spaceId',
  recordsPageSize: 'recordsPageSize',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  bulkConcurrency: 'bulkConcurrency',
  previewSingleRecord: 'previewSingleRecord',
  myEmail: 'myEmail',
  profiles: 'profiles',
  organizationId: 'organizationId',
  autoRefreshSeconds: 'autoRefreshSeconds',
} as const;

export type SettingKey = (typeof SettingKeys)[keyof typeof SettingKeys];

/** Context keys set with `setContext` and read in `when` clauses of package.json. */
export const ContextKeys = {
  viewState: 'arizeQueues.state',
  /** True while a key is stored for the current base URL; completes a walkthrough step. */
  hasKey: 'arizeQueues.hasKey',
  /** True once any assignment succeeded on this machine; completes a walkthrough step. */
  hasAssigned: 'arizeQueues.hasAssigned',
  /** True while a filter of the queues view is active; shows "Clear Filter" in the view title. */
  filterActive: 'arizeQueues.filterActive',
} as const;

/** Keys of values kept in `ExtensionContext.globalState`. */
export const GlobalStateKeys = {
  /** Name of the active entry of `arizeQueues.profiles`. */
  activeProfile: 'arizeQueues.activeProfile',
} as const;

/** Webview panel types, which VS Code uses to restore panels. */
export const WebviewTypes = {
  recordDetails: 'arizeQueues.recordDetails',
} as const;

/** Values of `arizeQueues.state`, which picks the welcome content of the queues view. */
export const ViewStates = {
  loading: 'loading',
  noKey: 'noKey',
  noQueues: 'noQueues',
  error: 'error',
  ready: 'ready',
} as const;

export type ViewState = (typeof ViewStates)[keyof typeof ViewStates];

/** Tags joined with `;` into a tree item's `contextValue`, matched by regex in menus. */
export const ContextValueTags = {
  queue: 'queue',
  record: 'record',
  loadMore: 'loadMore',
  assigned: 'assigned',
  unassigned: 'unassigned',
  pending: 'pending',
  completed: 'completed',
  space: 'space',
} as const;

export const DEFAULT_API_BASE_URL = 'https://api.arize.com';

/** The assign endpoint's `maxItems` for `assigned_user_emails`. */
export const MAX_ASSIGNEES = 100;

/** The records list endpoint's range for `limit`. */
export const MIN_RECORDS_PAGE_SIZE = 1;
export const MAX_RECORDS_PAGE_SIZE = 500;
