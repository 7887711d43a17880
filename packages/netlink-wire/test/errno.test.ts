import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ERRNO_ALIASES,
  errnoDescription,
  errnoList,
  errnoName,
  errnoNumber,
  formatErrno,
  isErrnoName,
} from '../src/errno.js';

// ---------------------------------------------------------------------------------------------------
// The header check. The errno headers only ever define a name as a number or as another name, so the
// reader here is simpler than the expression evaluator of constants.test.ts; anything else fails.
// ---------------------------------------------------------------------------------------------------

const ERRNO_HEADERS = ['/usr/include/asm-generic/errno-base.h', '/usr/include/asm-generic/errno.h'];

/** Reads a header, failing loudly if it is missing: a header check that skips itself proves nothing. */
function readHeaderFile(path: string): string {
  if (!existsSync(path)) {
    throw new Error(
      `${path} not found. The errno check compares linx's table with the kernel's uapi headers and cannot run without them: ` +
        'install the Linux uapi headers (Debian/Ubuntu: linux-libc-dev, Alpine: linux-headers, Fedora: kernel-headers).',
    );
  }
  return readFileSync(path, 'utf8');
}

/** The errno #defines of the headers, aliases resolved: name → number, in header order. */
function headerErrnos(): Map<string, number> {
  const raw = new Map<string, string>();
  for (const path of ERRNO_HEADERS) {
    const text = readHeaderFile(path).replace(/\/\*[\s\S]*?\*\//g, ' ');
    for (const match of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+(E[A-Z0-9_]+)[ \t]+(\S+)/gm)) {
      const [, name, value] = match;
      if (name !== undefined && value !== undefined) raw.set(name, value);
    }
  }
  const resolved = new Map<string, number>();
  for (const [name, value] of raw) {
    const number = /^\d+$/.test(value) ? Number(value) : /^\d+$/.test(raw.get(value) ?? '') ? Number(raw.get(value)) : undefined;
    if (number === undefined) throw new Error(`cannot read the value of ${name} (${value}) in ${ERRNO_HEADERS.join(' or ')}`);
    resolved.set(name, number);
  }
  return resolved;
}

let cached: Map<string, number> | undefined;
/** Loaded lazily, inside the tests, so that a missing header fails the header tests and not the others. */
function header(): Map<string, number> {
  cached ??= headerErrnos();
  return cached;
}

/** Names in the header whose value is another name's. */
const HEADER_ALIASES = new Set(['EWOULDBLOCK', 'EDEADLOCK']);

/** Names in the table that are not in the uapi headers: libc's ENOTSUP and the kernel-internal errors. */
const NOT_IN_UAPI: Record<string, number> = {
  ENOTSUP: 95,
  ERESTARTSYS: 512,
  ERESTARTNOINTR: 513,
  ERESTARTNOHAND: 514,
  ENOIOCTLCMD: 515,
  ERESTART_RESTARTBLOCK: 516,
  EPROBE_DEFER: 517,
  EOPENSTALE: 518,
  ENOPARAM: 519,
  EBADHANDLE: 521,
  ENOTSYNC: 522,
  EBADCOOKIE: 523,
  ENOTSUPP: 524,
  ETOOSMALL: 525,
  ESERVERFAULT: 526,
  EBADTYPE: 527,
  EJUKEBOX: 528,
  EIOCBQUEUED: 529,
  ERECALLCONFLICT: 530,
  ENOGRACE: 531,
};

describe(`the errno table against ${ERRNO_HEADERS.join(' and ')}`, () => {
  it('the headers are there and define the errnos', () => {
    const errnos = header();
    expect(errnos.size, 'errno #defines parsed').toBeGreaterThan(130);
    expect(errnos.get('EPERM')).toBe(1);
  });

  it('has every name of the headers, with the same number', () => {
    for (const [name, number] of header()) expect(errnoNumber(name), name).toBe(number);
  });

  it('maps every number of the headers back to its canonical name', () => {
    for (const [name, number] of header()) {
      if (HEADER_ALIASES.has(name)) continue;
      expect(errnoName(number), String(number)).toBe(name);
    }
  });

  it('has nothing below 512 that the headers lack, except ENOTSUP', () => {
    const errnos = header();
    const below512 = errnoList().filter(({ errno }) => errno < 512);
    for (const { errno, name } of below512) expect(errnos.get(name), name).toBe(errno);
    expect(below512).toHaveLength(errnos.size - HEADER_ALIASES.size);
    for (const [alias, canonical] of Object.entries(ERRNO_ALIASES)) {
      if (alias !== 'ENOTSUP') expect(errnos.get(alias), alias).toBe(errnos.get(canonical));
    }
  });

  it('has the kernel-internal errnos and ENOTSUP with their kernel and libc values', () => {
    for (const [name, number] of Object.entries(NOT_IN_UAPI)) {
      expect(header().has(name), `${name} is in the uapi headers now: move it out of NOT_IN_UAPI`).toBe(false);
      expect(errnoNumber(name), name).toBe(number);
    }
    const internal = errnoList().filter(({ errno }) => errno >= 512);
    expect(internal.map(({ name }) => name).sort()).toEqual(Object.keys(NOT_IN_UAPI).filter((name) => name !== 'ENOTSUP').sort());
  });
});

// ---------------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------------

describe('errnoName', () => {
  it('names errnos', () => {
    expect(errnoName(1)).toBe('EPERM');
    expect(errnoName(17)).toBe('EEXIST');
    expect(errnoName(19)).toBe('ENODEV');
    expect(errnoName(85)).toBe('ERESTART');
    expect(errnoName(133)).toBe('EHWPOISON');
    expect(errnoName(524)).toBe('ENOTSUPP');
  });

  it('gives the canonical name for a number that has aliases', () => {
    expect(errnoName(11)).toBe('EAGAIN');
    expect(errnoName(35)).toBe('EDEADLK');
    expect(errnoName(95)).toBe('EOPNOTSUPP');
  });

  it('accepts the negated errno of struct nlmsgerr', () => {
    expect(errnoName(-19)).toBe('ENODEV');
    expect(errnoName(-524)).toBe('ENOTSUPP');
  });

  it('gives undefined for numbers that are not an errno', () => {
    for (const n of [0, 41, 58, 134, 511, 520, 532, 9999, -9999, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(errnoName(n), String(n)).toBeUndefined();
    }
  });
});

describe('errnoNumber and isErrnoName', () => {
  it('resolve canonical names and aliases', () => {
    expect(errnoNumber('EEXIST')).toBe(17);
    expect(errnoNumber('ENODEV')).toBe(19);
    expect(errnoNumber('EWOULDBLOCK')).toBe(11);
    expect(errnoNumber('EDEADLOCK')).toBe(35);
    expect(errnoNumber('ENOTSUP')).toBe(95);
    expect(errnoNumber('EPROBE_DEFER')).toBe(517);
    expect(isErrnoName('ENOTSUP')).toBe(true);
  });

  it('do not know other names, and are case-sensitive', () => {
    for (const name of ['', 'E', 'eexist', 'EFOO', 'toString', 'constructor', '__proto__', 'ERRNO_ALIASES']) {
      expect(errnoNumber(name), name).toBeUndefined();
      expect(isErrnoName(name), name).toBe(false);
    }
  });

  it('round-trip with errnoName for every canonical name', () => {
    for (const { errno, name } of errnoList()) {
      expect(errnoNumber(name)).toBe(errno);
      expect(errnoName(errno)).toBe(name);
    }
  });
});

describe('errnoList and ERRNO_ALIASES', () => {
  it('list each number once, in order, with a description', () => {
    const list = errnoList();
    const numbers = list.map(({ errno }) => errno);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(new Set(list.map(({ name }) => name)).size).toBe(list.length);
    for (const { name, description } of list) {
      expect(description.length, name).toBeGreaterThan(3);
      expect(description.length, name).toBeLessThan(80);
    }
  });

  it('gives a fresh array each time', () => {
    const list = errnoList();
    // 1..133 without the unused 41 and 58, and the 19 kernel-internal errnos.
    expect(list).toHaveLength(131 + 19);
    list.length = 0;
    expect(errnoList()).toHaveLength(131 + 19);
  });

  it('maps each alias to a canonical name of the table', () => {
    expect(Object.isFrozen(ERRNO_ALIASES)).toBe(true);
    for (const [alias, canonical] of Object.entries(ERRNO_ALIASES)) {
      expect(errnoNumber(alias)).toBe(errnoNumber(canonical));
      expect(errnoName(errnoNumber(alias) ?? 0)).toBe(canonical);
    }
  });
});

describe('errnoDescription and formatErrno', () => {
  it('describe errnos', () => {
    expect(errnoDescription(19)).toBe('No such device');
    expect(errnoDescription(-1)).toBe('Operation not permitted');
    expect(errnoDescription(9999)).toBeUndefined();
  });

  it('format known errnos by name, optionally described', () => {
    expect(formatErrno(19)).toBe('ENODEV');
    expect(formatErrno(-17)).toBe('EEXIST');
    expect(formatErrno(19, { description: true })).toBe('ENODEV (No such device)');
  });

  it('format unknown numbers so that they cannot pass for a name', () => {
    expect(formatErrno(9999)).toBe('errno 9999');
    expect(formatErrno(-9999)).toBe('errno 9999');
    expect(formatErrno(0)).toBe('errno 0');
    expect(formatErrno(9999, { description: true })).toBe('errno 9999');
    expect(formatErrno(1.5)).toBe('errno 1.5');
  });
});
