export { GenlClient, genlClient, type GenlClientOptions, type OperationOptions } from './client.js';
export { GenlEvents, type GenlEvent } from './events.js';
export type { GenlSpec, OperationSpec, ModeSpec, NotificationSpec, Mode, OperationName, RequestOf, ReplyOf, GroupName, NotificationOf, FixedHeaderInput, FixedHeaderValue } from './spec.js';
