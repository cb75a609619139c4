import { FINDING_LOCATION_KINDS } from '@scanrelay/findings-schema';
import { z } from 'zod';

export {
  FINDING_LOCATION_KINDS,
  FINDING_SEARCH_MAX,
  FINDING_SORTS,
  type FindingLocationKind,
  type FindingSort,
  SORT_ORDERS,
  type SortOrder,
} from '@scanrelay/findings-schema';

/** A finding filter's `kind`. */
export const findingLocationKindSchema = z.enum(FINDING_LOCATION_KINDS);
