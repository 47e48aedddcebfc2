// Grouping of queues under their spaces. Free of `vscode`.
import { AnnotationQueue, Space } from '../api/types';

export interface SpaceGroup {
  spaceId: string;
  /** The space's name, or its id when GET /v2/spaces did not list it. */
  name: string;
  space?: Space;
  queueIds: string[];
}

/**
 * Returns one group per visible space, in the order the spaces were listed
 * and then in the order of the queues, or undefined when at most one space
 * is visible and the view lists the queues without a space level. A visible
 * space is one that GET /v2/spaces listed or that a listed queue belongs to,
 * so a space without queues is shown too.
 */
export function groupQueuesBySpace(queues: readonly AnnotationQueue[], spaces: readonly Space[]): SpaceGroup[] | undefined {
  const groups = new Map<string, SpaceGroup>();

  for (const space of spaces) {
    if (!groups.has(space.id)) {
      groups.set(space.id, { spaceId: space.id, name: space.name || space.id, space, queueIds: [] });
    }
  }
  for (const queue of queues) {
    let group = groups.get(queue.space_id);
    if (!group) {
      group = { spaceId: queue.space_id, name: queue.space_id, queueIds: [] };
      groups.set(queue.space_id, group);
    }
    group.queueIds.push(queue.id);
  }

  return groups.size > 1 ? [...groups.values()] : undefined;
}
