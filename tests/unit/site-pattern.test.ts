import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesAnySite, matchesSite, validateSitePattern } from '../../src/core/site-pattern';

const ok = (input: string) => {
  const result = validateSitePattern(input);
  if (!result.ok) throw new Error(`${input} was refused: ${result.error}`);
  return result.pattern;
};
const error = (input: string) => {
  const result = validateSitePattern(input);
  return result.ok ? `accepted as ${result.pattern}` : result.error;
};

describe('validateSitePattern', () => {
  it('accepts a domain and a wildcard domain, normalised', () => {
    expect(ok('example.com')).toBe('example.com');
    expect(ok('  WWW.Example.COM. ')).toBe('www.example.com');
    expect(ok('*.example.com')).toBe('*.example.com');
    expect(ok('localhost')).toBe('localhost');
    expect(ok('127.0.0.1')).toBe('127.0.0.1');
  });

  it('converts names typed in Unicode or full width to what the browser reports', () => {
    expect(ok('例え.jp')).toBe('xn--r8jz45g.jp');
    expect(ok('*.bücher.de')).toBe('*.xn--bcher-kva.de');
    expect(ok('ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('example.com');
    expect(error('ｅｘａｍｐｌｅ．ｃｏｍ／ｐａｔｈ')).toBe('has-path');
  });

  it('says what is wrong', () => {
    expect(error('')).toBe('empty');
    expect(error('   ')).toBe('empty');
    expect(error('https://example.com')).toBe('has-scheme');
    expect(error('example.com/path')).toBe('has-path');
    expect(error('example.com:8080')).toBe('has-path');
    expect(error('example.com?q=1')).toBe('has-path');
    expect(error('*')).toBe('bad-wildcard');
    expect(error('*.*.example.com')).toBe('bad-wildcard');
    expect(error('ex*ample.com')).toBe('bad-wildcard');
    expect(error('*.com')).toBe('bad-host');
    expect(error('example')).toBe('bad-host');
    expect(error('exa mple.com')).toBe('bad-host');
    expect(error('-example.com')).toBe('bad-host');
    expect(error('a..com')).toBe('bad-host');
    expect(error('256.1.1.1')).toBe('bad-host');
    expect(error(`${'a'.repeat(64)}.com`)).toBe('bad-host');
  });

  it('never throws, and whatever it accepts is plain ASCII and accepted again unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (input) => {
        const result = validateSitePattern(input);
        if (!result.ok) return;
        expect(result.pattern).toMatch(/^(\*\.)?[a-z0-9.-]+$/);
        expect(validateSitePattern(result.pattern)).toEqual(result);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps that promise for text made of the characters people actually mix up', () => {
    const chars = [...'abcXY019.-*/:_ ｅＸ．例ü\u200b\t。'];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...chars), maxLength: 20 }), (input) => {
        const result = validateSitePattern(input);
        if (!result.ok) return;
        expect(result.pattern).toMatch(/^(\*\.)?[a-z0-9.-]+$/);
        expect(validateSitePattern(result.pattern)).toEqual(result);
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts every valid domain name, with or without a wildcard', () => {
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        const lower = domain.toLowerCase();
        // fc.domain() may produce one-label names, which are not site names here.
        fc.pre(lower.includes('.'));
        expect(ok(domain)).toBe(lower);
        expect(ok(`*.${domain}`)).toBe(`*.${lower}`);
      }),
    );
  });

  it('refuses any pattern with a scheme or a path', () => {
    fc.assert(
      fc.property(fc.domain(), fc.webPath({ size: 'small' }), (domain, path) => {
        expect(error(`https://${domain}${path}`)).toBe('has-scheme');
        fc.pre(path.length > 0);
        expect(error(`${domain}${path}`)).toBe('has-path');
      }),
    );
  });
});

describe('matchesSite', () => {
  it('matches a plain pattern only for that host', () => {
    expect(matchesSite('example.com', 'example.com')).toBe(true);
    expect(matchesSite('example.com', 'EXAMPLE.com')).toBe(true);
    expect(matchesSite('example.com', 'www.example.com')).toBe(false);
  });

  it('matches a wildcard for the domain and every subdomain, never a look-alike', () => {
    expect(matchesSite('*.example.com', 'example.com')).toBe(true);
    expect(matchesSite('*.example.com', 'a.b.example.com')).toBe(true);
    expect(matchesSite('*.example.com', 'notexample.com')).toBe(false);
    expect(matchesSite('*.example.com', 'example.com.evil.net')).toBe(false);
  });

  it('matches a wildcard for any subdomain and no other domain (property)', () => {
    fc.assert(
      fc.property(fc.domain(), fc.domain(), (base, other) => {
        const pattern = ok(`*.${base.includes('.') ? base : `${base}.test`}`);
        const root = pattern.slice(2);
        expect(matchesSite(pattern, `${other}.${root}`)).toBe(true);
        fc.pre(other.toLowerCase() !== root && !other.toLowerCase().endsWith(`.${root}`));
        expect(matchesSite(pattern, other)).toBe(false);
      }),
    );
  });

  it('matchesAnySite is true when one pattern matches', () => {
    expect(matchesAnySite(['a.com', '*.b.com'], 'x.b.com')).toBe(true);
    expect(matchesAnySite(['a.com', '*.b.com'], 'c.com')).toBe(false);
    expect(matchesAnySite([], 'c.com')).toBe(false);
  });
});
