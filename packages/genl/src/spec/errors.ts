import { LinxError } from '@linx/netlink-wire';

/** A YNL spec given at run time could not be read: not YAML, not a genetlink spec, or something the generator cannot follow. */
export class SpecLoadError extends LinxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_LINX_GENL_SPEC_LOAD', message, options);
  }
}
