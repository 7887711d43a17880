import type { RtnlClient } from '../client.js';

/** The links verbs (being built). */
export class Links {
  constructor(protected readonly client: RtnlClient) {}
}
