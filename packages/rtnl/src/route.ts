import type { RtnlClient } from './client.js';

/** The routes verbs (being built). */
export class Routes {
  constructor(protected readonly client: RtnlClient) {}
}
