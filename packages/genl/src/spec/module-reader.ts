import * as codec from '@linx/netlink-codec';
import { SpecLoadError } from './errors.js';

/**
 * Reads a module that tools/ynl-gen generated (its text) into its exported values, without a TypeScript
 * compiler and without evaluating code: a small reader of exactly what the generator writes — `import`
 * lines from the codec, `export const NAME = EXPR;` (with `as const`), `export type …;` (skipped),
 * comments — where an expression is a call of one of the codec's DSL functions, a name declared above, a
 * string, a number, an array, an object literal, or a thunk `(): T => NAME` (the generator's way to close
 * a cycle of attribute sets). Anything else is a `SpecLoadError`. The generator stays the one place that
 * decides what a spec becomes; a spec loaded at run time becomes exactly what it would be if committed.
 */
export function readGeneratedModule(text: string): Record<string, unknown> {
  return new Reader(text).module();
}

/** The codec's exports, of which a module may call the functions its import line names. */
const DSL: Record<string, unknown> = codec as unknown as Record<string, unknown>;

class Reader {
  #pos = 0;
  readonly #scope = new Map<string, unknown>();
  /** The DSL functions the module imports from the codec: the only ones it may call. */
  readonly #imported = new Set<string>();

  constructor(readonly text: string) {}

  module(): Record<string, unknown> {
    const exports: Record<string, unknown> = {};
    for (;;) {
      this.#skip();
      if (this.#pos >= this.text.length) return exports;
      const word = this.#ident();
      if (word === 'import') {
        const start = this.#pos;
        this.#to(';');
        const statement = this.text.slice(start, this.#pos);
        const names = statement.slice(statement.indexOf('{') + 1, statement.indexOf('}'));
        if (!/^\s*type\b/.test(statement)) for (const m of names.matchAll(/[A-Za-z_$][\w$]*/g)) this.#imported.add(m[0]);
      } else if (word === 'export') {
        this.#skip();
        const kind = this.#ident();
        if (kind === 'type') {
          this.#to(';');
          continue;
        }
        if (kind !== 'const') throw this.#error(`expected "const" or "type" after export, found "${kind}"`);
        this.#skip();
        const name = this.#ident();
        this.#expect('=');
        const value = this.#expr();
        this.#skip();
        if (this.text.startsWith('as', this.#pos)) {
          this.#pos += 2;
          this.#skip();
          if (this.#ident() !== 'const') throw this.#error('expected "as const"');
        }
        this.#expect(';');
        this.#scope.set(name, value);
        exports[name] = value;
      } else {
        throw this.#error(`unexpected "${word}"`);
      }
    }
  }

  #expr(): unknown {
    this.#skip();
    const c = this.text[this.#pos];
    if (c === "'") return this.#string();
    if (c === '{') return this.#object();
    if (c === '[') return this.#array();
    if (c === '(') return this.#thunk();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.#number();
    const name = this.#ident();
    this.#skip();
    if (this.text[this.#pos] === '(') {
      const fn = this.#imported.has(name) && Object.hasOwn(DSL, name) ? DSL[name] : undefined;
      if (typeof fn !== 'function') throw this.#error(`"${name}" is not a function of the codec's DSL`);
      this.#pos++;
      const args: unknown[] = [];
      for (;;) {
        this.#skip();
        if (this.text[this.#pos] === ')') break;
        args.push(this.#expr());
        this.#skip();
        if (this.text[this.#pos] === ',') this.#pos++;
      }
      this.#pos++;
      return (fn as (...a: unknown[]) => unknown)(...args);
    }
    if (name === 'true') return true;
    if (name === 'false') return false;
    if (!this.#scope.has(name)) throw this.#error(`"${name}" is not declared before its use`);
    return this.#scope.get(name);
  }

  /** `(): AttrSetDecl => name`: a thunk naming a set declared further down. */
  #thunk(): () => unknown {
    this.#expect('(');
    this.#expect(')');
    this.#skip();
    if (this.text[this.#pos] === ':') {
      this.#pos++;
      this.#skip();
      this.#ident();
    }
    this.#expect('=>');
    this.#skip();
    const name = this.#ident();
    return () => {
      if (!this.#scope.has(name)) throw new SpecLoadError(`the generated module refers to "${name}", which it does not declare`);
      return this.#scope.get(name);
    };
  }

  #object(): Record<string, unknown> {
    this.#expect('{');
    const out: Record<string, unknown> = {};
    for (;;) {
      this.#skip();
      if (this.text[this.#pos] === '}') break;
      const key = this.text[this.#pos] === "'" ? this.#string() : this.#ident();
      this.#expect(':');
      const value = this.#expr();
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      this.#skip();
      if (this.text[this.#pos] === ',') this.#pos++;
    }
    this.#pos++;
    return out;
  }

  #array(): unknown[] {
    this.#expect('[');
    const out: unknown[] = [];
    for (;;) {
      this.#skip();
      if (this.text[this.#pos] === ']') break;
      out.push(this.#expr());
      this.#skip();
      if (this.text[this.#pos] === ',') this.#pos++;
    }
    this.#pos++;
    return out;
  }

  #string(): string {
    let out = '';
    for (this.#pos++; ; this.#pos++) {
      const c = this.text[this.#pos];
      if (c === undefined || c === '\n') throw this.#error('unterminated string');
      if (c === "'") break;
      if (c === '\\') {
        const next = this.text[++this.#pos];
        out += next === 'n' ? '\n' : (next ?? '');
      } else out += c;
    }
    this.#pos++;
    return out;
  }

  #number(): number {
    const m = /^-?(0x[0-9a-fA-F]+|\d+(\.\d+)?)/.exec(this.text.slice(this.#pos, this.#pos + 40));
    if (!m) throw this.#error('expected a number');
    this.#pos += m[0].length;
    const negative = m[0].startsWith('-');
    const value = Number(negative ? m[0].slice(1) : m[0]);
    return negative ? -value : value;
  }

  #ident(): string {
    const m = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.#pos, this.#pos + 200));
    if (!m) throw this.#error('expected a name');
    this.#pos += m[0].length;
    return m[0];
  }

  #expect(token: string): void {
    this.#skip();
    if (!this.text.startsWith(token, this.#pos)) throw this.#error(`expected "${token}"`);
    this.#pos += token.length;
  }

  /** Skips to just after the next `;` outside strings (an import list or a type alias). */
  #to(end: string): void {
    while (this.#pos < this.text.length && this.text[this.#pos] !== end) {
      if (this.text[this.#pos] === "'") this.#string();
      else this.#pos++;
    }
    this.#pos++;
  }

  /** Skips white space and comments. */
  #skip(): void {
    for (;;) {
      const rest = this.text.slice(this.#pos, this.#pos + 2);
      if (/^\s/.test(rest)) this.#pos++;
      else if (rest === '//') {
        const nl = this.text.indexOf('\n', this.#pos);
        this.#pos = nl < 0 ? this.text.length : nl + 1;
      } else if (rest === '/*') {
        const close = this.text.indexOf('*/', this.#pos + 2);
        if (close < 0) throw this.#error('unterminated comment');
        this.#pos = close + 2;
      } else return;
    }
  }

  #error(message: string): SpecLoadError {
    const line = this.text.slice(0, this.#pos).split('\n').length;
    return new SpecLoadError(`generated module, line ${line}: ${message}`);
  }
}
