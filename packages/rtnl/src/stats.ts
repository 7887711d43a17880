import type { RtnlClient } from './client.js';

/** The stats verbs (being built). */
export class Stats {
  constructor(protected readonly client: RtnlClient) {}
}
