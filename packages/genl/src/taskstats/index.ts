/**
 * @linx/genl/taskstats: per-task and per-process statistics (generic netlink family TASKSTATS); the
 * declarations generated from linx's taskstats.yaml (written from linux/taskstats.h) as `declarations`.
 */
export { taskstats, Taskstats, TaskNotFoundError, type TaskStats } from './taskstats.js';
export * as declarations from './generated/taskstats.js';
