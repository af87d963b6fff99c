/**
 * How a visitor switches to a public DNS resolver and flushes the DNS cache, per OS and browser.
 * Text lives in `_locales`; this module picks the keys, commands and addresses.
 */
export type PlatformOs = 'mac' | 'win' | 'linux' | 'cros' | 'android' | 'other';
export type BrowserKind = 'chrome' | 'firefox';

/** Public resolvers worth suggesting: Cloudflare and Google, primary and secondary. */
export const PUBLIC_DNS = [
  { name: 'Cloudflare', addresses: ['1.1.1.1', '1.0.0.1'], hostname: 'one.one.one.one' },
  { name: 'Google', addresses: ['8.8.8.8', '8.8.4.4'], hostname: 'dns.google' },
] as const;

export interface DnsAdvice {
  os: PlatformOs;
  /** Locale keys of the steps that set the DNS servers, in order. */
  steps: string[];
  /** Android's Private DNS takes a hostname rather than addresses. */
  usesHostnames: boolean;
  /** The command that flushes the system's DNS cache, or null where there is none to type. */
  flushCommand: string | null;
  /** Locale key that says where to type it (a terminal, or Command Prompt on Windows). */
  flushKey: string;
  /** The browser's own DNS cache page; extensions cannot link to it, so the visitor pastes it. */
  browserCachePage: string;
  /** Locale key that names the browser's secure-DNS setting (DNS over HTTPS). */
  secureDnsKey: string;
  secureDnsPage: string;
}

const STEP_COUNT: Record<PlatformOs, number> = { mac: 4, win: 5, linux: 4, cros: 4, android: 3, other: 1 };

const FLUSH: Record<PlatformOs, string | null> = {
  mac: 'sudo dscacheutil -flushcache; sudo killall -HUP mDNSResponder',
  win: 'ipconfig /flushdns',
  linux: 'sudo resolvectl flush-caches',
  cros: null,
  android: null,
  other: null,
};

const BROWSER: Record<BrowserKind, Pick<DnsAdvice, 'browserCachePage' | 'secureDnsKey' | 'secureDnsPage'>> = {
  chrome: {
    browserCachePage: 'chrome://net-internals/#dns',
    secureDnsKey: 'popup_dns_secure_chrome',
    secureDnsPage: 'chrome://settings/security',
  },
  firefox: {
    browserCachePage: 'about:networking#dns',
    secureDnsKey: 'popup_dns_secure_firefox',
    secureDnsPage: 'about:preferences#privacy',
  },
};

/** Maps `runtime.getPlatformInfo().os` to the systems we have advice for. */
export function platformOs(os: string | undefined): PlatformOs {
  return os === 'mac' || os === 'win' || os === 'linux' || os === 'cros' || os === 'android' ? os : 'other';
}

export function dnsAdvice(os: string | undefined, browser: BrowserKind): DnsAdvice {
  const known = platformOs(os);
  const steps = Array.from({ length: STEP_COUNT[known] }, (_, i) => `popup_dns_step_${known}_${i + 1}`);
  return {
    os: known,
    steps,
    usesHostnames: known === 'android',
    flushCommand: FLUSH[known],
    flushKey: known === 'win' ? 'popup_dns_flush_win' : 'popup_dns_flush',
    ...BROWSER[browser],
  };
}
