/**
 * What the rest of the gateway uses of the casework area: the tasks it makes
 * itself, where a person would otherwise have to remember.
 */
export { raiseDeliveryFailedTask, startSystemTaskSweep } from './system-tasks.js';
