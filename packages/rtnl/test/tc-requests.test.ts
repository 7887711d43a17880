// linx's tc requests against iproute2's, without root: for every command of helpers/tc-request-cases.ts
// (qdiscs, classes, netem, filters, chains, shared actions and actions in filters, and the lists' dump
// requests), the request linx sends for the same thing (a FakeKernel records it, answering interface lookups
// with the indexes v0 and v1 had) equals the one `tc` sent, as captured in test/fixtures/tc-requests.json
// (tc-requests.live.test.ts checks the file against tc): message type, flags, fixed header, and attributes
// compared as sets (tc orders them otherwise). tc's requests for kinds this kernel lacks (netem, the actions)
// also decode back to the command's meaning. The checks are in helpers/tc-checks.ts.
import { describe, it } from 'vitest';
import { requestChecks } from './helpers/tc-checks.js';

describe("tc's requests, as captured", () => {
  it.each(requestChecks().map((c) => [c.name, c] as const))('%s', async (_name, c) => c.run());
});
