import { locationToText } from '../location-text.js';
import { attr, type ScbConvention, url } from './convention.js';

/** secureCodeBox's zap parser (scanners/zap/parser/parser.js), from our canonical finding. */
export const zapConvention: ScbConvention = {
  // One finding per alert; the category is the alert title and the location the site.
  category: (f) => attr(f, 'alert') ?? f.name,
  location: (f) => attr(f, 'site') ?? url(f)?.url ?? locationToText(f.location),
  attributes: (f) => ({
    zap_pluginid: attr(f, 'pluginId') ?? f.ruleId,
    zap_confidence: f.attributes.confidence ?? f.confidence,
    zap_riskcode: f.attributes.riskcode,
    zap_cweid: f.cwe[0]?.slice(4),
    zap_wascid: f.attributes.wascid,
    zap_count: f.occurrences,
    zap_finding_urls: f.attributes.instances,
  }),
};
