import { benchCodec } from './codec.js';
import { benchConntrack } from './conntrack.js';
import { benchFullTable } from './full-table.js';
import { benchGenl } from './genl.js';
import { benchIpset } from './ipset.js';
import { benchLinks } from './links.js';
import { benchNexthops } from './nexthops.js';
import { benchNfqueue } from './nfqueue.js';
import { benchNft } from './nft.js';
import { benchRtnl } from './rtnl.js';
import { benchSocket } from './socket.js';
import { benchStartup } from './startup.js';
import { benchTc } from './tc.js';
import { benchWatch } from './watch.js';
import { benchWire } from './wire.js';
import { beginArea, reportedRows } from './report.js';
import { startArea, writeResults, type AreaRun } from './results.js';

// `pnpm bench` runs every benchmark in turn; later packages add theirs here. `--only NAME[,NAME]` runs
// those areas; `--write` also refreshes bench/RESULTS.md from the rows they report (results.ts).
const areas: [name: string, run: () => void | Promise<void>][] = [
  ['startup', benchStartup],
  ['wire', benchWire],
  ['codec', benchCodec],
  ['socket', benchSocket],
  ['rtnl', benchRtnl],
  ['full-table', benchFullTable],
  ['nexthops', benchNexthops],
  ['links', benchLinks],
  ['tc', benchTc],
  ['watch', benchWatch],
  ['conntrack', benchConntrack],
  ['ipset', benchIpset],
  ['nft', benchNft],
  ['nfqueue', benchNfqueue],
  ['genl', benchGenl],
];
const argv = process.argv.slice(2);
const write = argv.includes('--write');
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : undefined;
const unknown = (only ?? []).filter((name) => !areas.some(([area]) => area === name));
if ((only && only.length === 0) || unknown.length > 0) {
  console.error(`bench: --only takes one or more of ${areas.map(([name]) => name).join(', ')}${unknown.length ? ` (not: ${unknown.join(', ')})` : ''}`);
  process.exit(2);
}

console.log(`linx benchmarks — node ${process.version}, ${process.arch}\n`);
const runs: Record<string, AreaRun> = {};
let first = true;
for (const [name, run] of areas) {
  if (only && !only.includes(name)) continue;
  if (!first) console.log();
  first = false;
  beginArea(name);
  const area = startArea();
  const before = reportedRows().length;
  try {
    await run();
    runs[name] = area.finish(reportedRows().slice(before));
  } catch (error) {
    // One area's failure (a tool missing, a kernel refusal) does not cost the others' figures.
    console.log(`${name}: FAILED: ${(error as Error).stack ?? String(error)}`);
    runs[name] = { ...area.finish(reportedRows().slice(before)), error: (error as Error).message.split('\n')[0] };
    process.exitCode = 1;
  }
}
if (write) console.log(`\nwrote ${writeResults(runs, areas.map(([name]) => name))}`);
