// secureCodeBox parser for scanrelay's findings.json (`scanrelay invicti … --format scb`): the file is
// already a secureCodeBox findings array, so the findings pass through. The parser SDK adds `id` and
// `parsed_at` and validates the result against its findings schema.
'use strict';

/** `fileContent`: the raw result, a string (or already parsed JSON when the SDK's HTTP client did it). */
async function parse(fileContent) {
  const data = typeof fileContent === 'string' ? JSON.parse(fileContent.trim() || '[]') : fileContent;
  if (!Array.isArray(data))
    throw new TypeError(`scanrelay parser: expected a JSON array of findings, got ${typeof data}`);
  return data.map((finding, i) => {
    if (typeof finding !== 'object' || finding === null || typeof finding.name !== 'string')
      throw new TypeError(`scanrelay parser: finding ${i}: expected an object with a name`);
    const { id: _id, parsed_at: _parsedAt, ...rest } = finding;
    return rest;
  });
}

module.exports = { parse };
