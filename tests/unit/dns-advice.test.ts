import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dnsAdvice, PUBLIC_DNS, platformOs } from '../../src/core/dns-advice';

const locale = (lang: string) =>
  JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')) as Record<string, unknown>;
const en = locale('en');
const ja = locale('ja');

describe('DNS advice per OS', () => {
  it('gives each OS its own flush command, or none where there is nothing to type', () => {
    expect(dnsAdvice('win', 'chrome').flushCommand).toBe('ipconfig /flushdns');
    expect(dnsAdvice('mac', 'chrome').flushCommand).toContain('killall -HUP mDNSResponder');
    expect(dnsAdvice('mac', 'chrome').flushCommand).toContain('dscacheutil -flushcache');
    expect(dnsAdvice('linux', 'firefox').flushCommand).toBe('sudo resolvectl flush-caches');
    expect(dnsAdvice('cros', 'chrome').flushCommand).toBeNull();
    expect(dnsAdvice('android', 'chrome').flushCommand).toBeNull();
    expect(dnsAdvice('win', 'chrome').flushKey).toBe('popup_dns_flush_win');
    expect(dnsAdvice('linux', 'chrome').flushKey).toBe('popup_dns_flush');
  });

  it("points at the browser's own DNS cache and secure-DNS setting", () => {
    expect(dnsAdvice('win', 'chrome')).toMatchObject({
      browserCachePage: 'chrome://net-internals/#dns',
      secureDnsPage: 'chrome://settings/security',
    });
    expect(dnsAdvice('win', 'firefox')).toMatchObject({
      browserCachePage: 'about:networking#dns',
      secureDnsPage: 'about:preferences#privacy',
    });
  });

  it('uses Private DNS hostnames on Android, addresses elsewhere', () => {
    expect(dnsAdvice('android', 'chrome').usesHostnames).toBe(true);
    expect(dnsAdvice('mac', 'chrome').usesHostnames).toBe(false);
    expect(PUBLIC_DNS.flatMap((d) => d.addresses)).toEqual(['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4']);
  });

  it('falls back to generic steps for systems it has no advice for', () => {
    expect(platformOs('openbsd')).toBe('other');
    expect(platformOs(undefined)).toBe('other');
    expect(dnsAdvice('fuchsia', 'chrome')).toMatchObject({ os: 'other', flushCommand: null });
  });

  it('has every step and setting name in English and Japanese', () => {
    for (const os of ['mac', 'win', 'linux', 'cros', 'android', 'other']) {
      for (const browser of ['chrome', 'firefox'] as const) {
        const advice = dnsAdvice(os, browser);
        expect(advice.steps.length).toBeGreaterThan(0);
        for (const key of [...advice.steps, advice.secureDnsKey, advice.flushKey, `popup_os_${advice.os}`]) {
          expect(en[key], `${key} in en`).toBeDefined();
          expect(ja[key], `${key} in ja`).toBeDefined();
        }
      }
    }
  });
});
