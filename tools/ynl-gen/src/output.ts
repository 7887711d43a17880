/** What a generated module needs while it is being written: its imports and its exported names. */
export class Output {
  /** Value imports from the codec (`attr`, `u32`, …). */
  readonly imports = new Set<string>();
  /** Type-only imports from the codec (`AttrSetDecl` for annotated thunks). */
  readonly typeImports = new Set<string>();
  private readonly exported = new Map<string, string>();

  /** Marks a DSL function as used and returns its name. */
  use(name: string): string {
    this.imports.add(name);
    return name;
  }

  useType(name: string): string {
    this.typeImports.add(name);
    return name;
  }

  /** Claims an exported name; two spec elements that map to one name are an error, never a silent rename. */
  declare(ident: string, what: string): string {
    const previous = this.exported.get(ident);
    if (previous !== undefined) throw new Error(`${what} and ${previous} would both be exported as ${ident}`);
    this.exported.set(ident, what);
    return ident;
  }

  has(ident: string): boolean {
    return this.exported.has(ident);
  }
}
