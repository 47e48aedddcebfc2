import { QueueTreeProvider } from '../tree/queueTreeProvider';
import { ViewFilter } from '../tree/viewFilter';
import { CommandContext } from './commandContext';
import { MyEmail } from './myEmail';

/** Services that the view commands (filter, progress, details, profiles, links) share on top of the command context. */
export interface ViewContext extends CommandContext {
  provider: QueueTreeProvider;
  viewFilter: ViewFilter;
  myEmail: MyEmail;
}
