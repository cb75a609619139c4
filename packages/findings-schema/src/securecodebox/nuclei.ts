import { locationToText } from '../location-text.js';
import { attr, type ScbConvention, url } from './convention.js';

/** secureCodeBox's nuclei parser (scanners/nuclei/parser/parser.js), from our canonical finding. */
export const nucleiConvention: ScbConvention = {
  // secureCodeBox uses the template id as the category and the scanned host as the location.
  category: (f) => attr(f, 'templateId') ?? attr(f, 'template-id') ?? f.ruleId,
  location: (f) => attr(f, 'host') ?? url(f)?.url ?? locationToText(f.location),
  attributes: (f) => ({ template_id: attr(f, 'templateId') ?? f.ruleId, matched_at: attr(f, 'matchedAt') }),
};
