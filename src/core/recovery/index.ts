/**
 * The recovery state machine: pure transitions from (state, event) to (state, effects).
 * The background glue feeds it browser events, persists the state and carries out the effects.
 * Every transition copies what it changes, so a failed write never leaves half a state behind.
 */
export * from './budget-carry';
export * from './checks';
export { clockStepped, readServerDate, shiftClock, withoutIdleStep, withServerDate } from './clock';
export * from './context';
export { loadCompleted, pageDeclaresRefresh } from './loads';
export { returnTarget } from './page-loads';
export * from './tab-moves';
export * from './visitor';
