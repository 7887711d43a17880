// The command line as `ip` reads it: options before the object, the object's abbreviations, usage errors.
import { describe, expect, it } from 'vitest';
import { UsageError, parseCommandLine } from '../src/index.js';
import { objectName } from '../src/objects.js';
import { commandOf } from '../src/words.js';

describe('parseCommandLine', () => {
  it('reads the options before the object', () => {
    const line = parseCommandLine(['-n', 'blue', '-j', '-p', '-6', '-d', '-s', '-s', 'addr', 'show', 'dev', 'v0']);
    expect(line).toEqual({
      options: { netns: 'blue', json: true, pretty: true, family: 'inet6', details: true, stats: 2, help: false, color: 'never' },
      object: 'addr',
      args: ['show', 'dev', 'v0'],
    });
  });

  it('takes the long spellings', () => {
    expect(parseCommandLine(['--netns', 'x', '--json', '--details', '--stats', 'link']).options).toMatchObject({ netns: 'x', json: true, details: true, stats: 1 });
  });

  it('sees --help anywhere and drops it from the arguments', () => {
    expect(parseCommandLine(['addr', 'add', '--help'])).toMatchObject({ object: 'addr', args: ['add'], options: { help: true } });
  });

  it.each([
    [['-x', 'link'], 'unknown option "-x"'],
    [['-n'], '-n needs a namespace name'],
    [['-n', '../etc', 'link'], 'is not a namespace name'],
    [['-4', '-6', 'route'], '-4 and -6 cannot be given together'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommandLine(argv as string[])).toThrow(UsageError);
    expect(() => parseCommandLine(argv as string[])).toThrow(message);
  });

  it('usage errors have a stable code', () => {
    try {
      parseCommandLine(['-q']);
      expect.unreachable();
    } catch (error) {
      expect((error as UsageError).code).toBe('ERR_LINX_CLI_USAGE');
    }
  });
});

describe('objects and commands', () => {
  it.each([
    ['a', 'address'], ['addr', 'address'], ['l', 'link'], ['r', 'route'], ['ro', 'route'], ['n', 'neighbour'], ['neighbor', 'neighbour'], ['neigh', 'neighbour'], ['ru', 'rule'],
  ])('%s is %s', (typed, name) => {
    expect(objectName(typed)).toBe(name);
  });
  it('does not know other objects', () => {
    expect(objectName('xfrm')).toBeUndefined();
  });
  it('show is the default, list and ls spell it too, delete is del', () => {
    expect(commandOf([], ['show'])).toEqual({ command: 'show', rest: [] });
    expect(commandOf(['ls', 'dev', 'v0'], ['show'])).toEqual({ command: 'show', rest: ['dev', 'v0'] });
    expect(commandOf(['delete', 'v0'], ['show', 'del'])).toEqual({ command: 'del', rest: ['v0'] });
    expect(() => commandOf(['frob'], ['show', 'add'])).toThrow('unknown command "frob": show, add');
  });
});

describe('monitor objects', async () => {
  const { parseMonitor } = await import('../src/commands/monitor.js');
  it('all kinds by default; banners with `all`; ip\'s names', () => {
    expect(parseMonitor([])).toEqual({ kinds: ['link', 'address', 'route', 'neighbour', 'rule'], banner: false });
    expect(parseMonitor(['all']).banner).toBe(true);
    expect(parseMonitor(['neigh', 'r', 'route'])).toEqual({ kinds: ['neighbour', 'route'], banner: false });
    expect(() => parseMonitor(['xfrm'])).toThrow('monitor: unknown object "xfrm"');
  });
});
