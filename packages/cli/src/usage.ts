import { objectSummaries } from './objects.js';

/** `linx help`: the general usage, every object listed. Each object's own usage lives with its command group. */
export const GENERAL_USAGE = `Usage: linx [OPTIONS] OBJECT [COMMAND [ARGS]]
       linx help [OBJECT]

OBJECT (as \`ip\` and the other tools spell them; \`ip\`'s abbreviations work; \`linx help OBJECT\` for one):
${objectSummaries()}
COMMAND defaults to show.

OPTIONS:
  -n, --netns NETNS   run in the named network namespace (/run/netns/NETNS), as \`ip -n\`
  -j, --json          JSON, in the shape of \`ip -j\`
  -p, --pretty        indented JSON
  -4, -6              IPv4 or IPv6 only
  -d, --details       details (links: kind, queues, GSO limits, …)
  -s, --stats         statistics (links: the 64-bit counters; -s -s: the error breakdown too)
  -c, --color[=WHEN]  colours as \`ip -c\` (WHEN: always, the default for -c alone; auto: on a terminal; never)
  -h, --help          this text, or an object's (\`linx addr --help\`)

Exit codes: 0 ok, 1 the kernel refused, 2 usage error (nothing sent), 3 no such interface,
            4 no such namespace, 5 not allowed to enter the namespace, 70 internal error.
`;
