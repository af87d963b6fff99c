/**
 * A browser for tests of what the extension does when an API is missing (Firefox for Android has no
 * `windows`, no `commands`, and may lack `notifications`). Every namespace answers any event with a
 * listener list and any function with a spy resolving to `undefined`, unless a test gives an answer;
 * a namespace in `without` does not exist at all, as on that browser. `i18n` answers in English.
 */
import { vi } from 'vitest';
import { getMessage } from './fake-i18n-browser';

export interface FakeEvent {
  listeners: ((...args: any[]) => unknown)[];
  addListener(listener: (...args: any[]) => unknown): void;
  removeListener(listener: (...args: any[]) => unknown): void;
}

function fakeEvent(): FakeEvent {
  const event: FakeEvent = {
    listeners: [],
    addListener: (listener) => void event.listeners.push(listener),
    removeListener: (listener) => {
      event.listeners = event.listeners.filter((l) => l !== listener);
    },
  };
  return event;
}

/** A namespace: `onX` are events, anything else a spy resolving to its answer. */
function fakeNamespace(answers: Record<string, unknown> = {}): Record<string, any> {
  const members: Record<string, any> = {};
  return new Proxy(members, {
    get(target, name: string) {
      if (!(name in target)) {
        target[name] = name.startsWith('on')
          ? fakeEvent()
          : vi.fn(async (...args: unknown[]) => {
              const answer = answers[name];
              return typeof answer === 'function' ? answer(...args) : answer;
            });
      }
      return target[name];
    },
  });
}

export type FakeBrowser = Record<string, Record<string, any>>;

/**
 * `answers.<namespace>.<function>`: what that call resolves to (a function is called with the
 * arguments); `namespaces`: whole namespaces given as they are (storage areas).
 */
export function fakeBrowser(
  options: {
    without?: string[];
    answers?: Record<string, Record<string, unknown>>;
    namespaces?: FakeBrowser;
  } = {},
): FakeBrowser {
  const namespaces: FakeBrowser = {
    i18n: { getMessage, getUILanguage: () => 'en' },
    ...options.namespaces,
  };
  const without = new Set(options.without ?? []);
  return new Proxy(namespaces, {
    get(target, name: string) {
      if (without.has(name)) return undefined;
      target[name] ??= fakeNamespace(options.answers?.[name]);
      return target[name];
    },
  });
}
