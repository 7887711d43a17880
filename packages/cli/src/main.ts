import { handleOpener } from './context.js';
import { paintFor } from './output/color.js';
import { UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { GENERAL_USAGE } from './usage.js';
import { OBJECT_NAMES, loadGroup, objectName } from './objects.js';
import { parseCommandLine } from './options.js';
import { reportError } from './report-error.js';

/** Where `main` prints: stdout and stderr by default, replaceable in tests. */
export interface Streams {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (`--color=auto` colours only then); false when not said. */
  isTty?: boolean;
}

const PROCESS_STREAMS: Streams = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  isTty: process.stdout.isTTY === true,
};

/** Runs one `linx` command line; resolves with the exit code (see exit-codes.ts). */
export async function main(argv: readonly string[], streams: Streams = PROCESS_STREAMS): Promise<number> {
  let doing = argv.join(' ');
  let opener: ReturnType<typeof handleOpener> | undefined;
  try {
    const { options, object, args } = parseCommandLine(argv);
    if (object === undefined || object === 'help') {
      const topic = object === 'help' ? args[0] : undefined;
      if (topic === undefined) {
        if (object === undefined && !options.help) throw new UsageError(`no object given: linx ${OBJECT_NAMES.join('|')} …`);
        streams.stdout(GENERAL_USAGE);
        return EXIT.ok;
      }
      const name = objectName(topic);
      if (name === undefined) throw new UsageError(`no help on "${topic}": objects are ${OBJECT_NAMES.join(', ')}`);
      streams.stdout((await loadGroup(name)).usage);
      return EXIT.ok;
    }
    const name = objectName(object);
    if (name === undefined) throw new UsageError(`unknown object "${object}": objects are ${OBJECT_NAMES.join(', ')}`);
    doing = [name, ...args].join(' ');
    const group = await loadGroup(name);
    if (options.help) {
      streams.stdout(group.usage);
      return EXIT.ok;
    }
    opener = handleOpener(options);
    const paint = paintFor(options.color, streams.isTty === true, process.env);
    await group.run({ options, args, write: streams.stdout, paint, rtnl: opener.rtnl, nfnl: opener.nfnl, genl: opener.genl });
    return EXIT.ok;
  } catch (error) {
    const report = reportError(error, doing);
    streams.stderr(report.text);
    return report.exitCode;
  } finally {
    opener?.close();
  }
}
