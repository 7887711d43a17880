import { UsageError } from './errors.js';
import type { ColorMode } from './output/color.js';

/** The options `ip` takes before the object, as `linx` reads them. */
export interface GlobalOptions {
  /** `-n NETNS`: the named network namespace (/run/netns/NETNS) instead of the process's own. */
  netns?: string;
  /** `-j`/`--json`: `ip -j`'s JSON instead of text. */
  json: boolean;
  /** `-p`/`--pretty`: indented JSON (with `-j`). */
  pretty: boolean;
  /** `-4`/`-6`: one address family. */
  family?: 'inet' | 'inet6';
  /** `-d`/`--details`. */
  details: boolean;
  /** `-s`/`--stats`, counted as `ip` does (`-s -s` is 2). */
  stats: number;
  /** `-h`/`--help`. */
  help: boolean;
  /** `-c`/`--color[=always|auto|never]`, as ip takes it (`-c` alone is `always`); `never` by default. */
  color: ColorMode;
}

/** A command line split into the global options, the object (`link`, `addr`, …) and the rest. */
export interface CommandLine {
  options: GlobalOptions;
  object: string | undefined;
  args: string[];
}

/**
 * Reads the options before the object, as `ip [OPTIONS] OBJECT [COMMAND [ARGS]]` does. `-h`/`--help`
 * is also accepted anywhere after it (`linx addr add --help`).
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const options: GlobalOptions = { json: false, pretty: false, details: false, stats: 0, help: false, color: 'never' };
  let at = 0;
  for (; at < argv.length; at++) {
    const arg = argv[at]!;
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg === '--') {
      at++;
      break;
    }
    const color = /^(?:-c|-?-colou?r)(?:=(.*))?$/.exec(arg);
    if (color) {
      options.color = colorMode(color[1]);
      continue;
    }
    switch (arg) {
      case '-n':
      case '-netns':
      case '--netns': {
        const value = argv[++at];
        if (value === undefined || value === '') throw new UsageError(`${arg} needs a namespace name`);
        if (value.includes('/') || value === '.' || value === '..') throw new UsageError(`"${value}" is not a namespace name (a name in /run/netns)`);
        options.netns = value;
        break;
      }
      case '-j':
      case '-json':
      case '--json':
        options.json = true;
        break;
      case '-p':
      case '-pretty':
      case '--pretty':
        options.pretty = true;
        break;
      case '-4':
        setFamily(options, 'inet');
        break;
      case '-6':
        setFamily(options, 'inet6');
        break;
      case '-d':
      case '-details':
      case '--details':
        options.details = true;
        break;
      case '-s':
      case '-stats':
      case '-statistics':
      case '--stats':
        options.stats++;
        break;
      case '-h':
      case '-help':
      case '--help':
        options.help = true;
        break;
      default:
        throw new UsageError(`unknown option "${arg}" (see \`linx help\`)`);
    }
  }
  const object = argv[at];
  const args = argv.slice(at + 1);
  if (args.includes('--help') || args.includes('-h')) options.help = true;
  return { options, object, args: args.filter((a) => a !== '--help' && a !== '-h') };
}

function colorMode(value: string | undefined): ColorMode {
  if (value === undefined || value === 'always') return 'always';
  if (value === 'auto' || value === 'never') return value;
  throw new UsageError(`--color takes always, auto or never, not "${value}"`);
}

function setFamily(options: GlobalOptions, family: 'inet' | 'inet6'): void {
  if (options.family !== undefined && options.family !== family) throw new UsageError('-4 and -6 cannot be given together');
  options.family = family;
}
