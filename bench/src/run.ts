import { benchCodec } from './codec.js';
import { benchConntrack } from './conntrack.js';
import { benchGenl } from './genl.js';
import { benchNfqueue } from './nfqueue.js';
import { benchRtnl } from './rtnl.js';
import { benchSocket } from './socket.js';
import { benchStartup } from './startup.js';
import { benchWatch } from './watch.js';
import { benchWire } from './wire.js';

// `pnpm bench` runs every benchmark in turn; later packages add theirs here.
console.log(`linx benchmarks — node ${process.version}, ${process.arch}\n`);
benchStartup();
console.log();
benchWire();
console.log();
benchCodec();
console.log();
await benchSocket();
console.log();
await benchRtnl();
console.log();
await benchWatch();
console.log();
await benchConntrack();
console.log();
await benchNfqueue();
console.log();
await benchGenl();
