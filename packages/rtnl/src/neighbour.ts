import type { RtnlClient } from './client.js';

/** The neighbours verbs (being built). */
export class Neighbours {
  constructor(protected readonly client: RtnlClient) {}
}
