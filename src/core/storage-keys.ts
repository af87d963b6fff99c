/** Where the extension keeps things (see docs/DESIGN.md): one name for each, shared by every page. */
export const STORAGE_KEYS = {
  /** storage.sync: the settings. */
  settings: 'settings',
  /** storage.local: the incident history, newest first. */
  history: 'history',
  /** storage.local: the sites' request times of the last minute, across an update (`CarriedBudget`). */
  budget: 'budget',
  /** storage.session: the recovery state of failing tabs. */
  recovery: 'recovery',
  /** storage.session: tabs the engine stopped acting on because their state could not be saved. */
  held: 'held',
  /** storage.session: the popup's latest look at each provider's status page (`StatusLook`). */
  providerStatus: 'provider-status',
} as const;
