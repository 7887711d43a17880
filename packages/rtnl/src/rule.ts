import type { RtnlClient } from './client.js';

/** The rules verbs (being built). */
export class Rules {
  constructor(protected readonly client: RtnlClient) {}
}
