import type { RtnlClient } from './client.js';

/** The addresses verbs (being built). */
export class Addresses {
  constructor(protected readonly client: RtnlClient) {}
}
