import { type BrowserKind, dnsAdvice, type PlatformOs, PUBLIC_DNS } from '../core/dns-advice';
import { t } from '../ui/i18n';
import { CopyButton } from './CopyButton';

/** Switching to a public resolver and flushing DNS caches, for the visitor's OS and browser. */
export function DnsPanel({
  os,
  browser,
  copy,
}: {
  os: PlatformOs;
  browser: BrowserKind;
  copy(text: string): Promise<boolean>;
}) {
  const advice = dnsAdvice(os, browser);
  return (
    <div class="dns">
      <p>{t('popup_dns_intro', t(`popup_os_${advice.os}`))}</p>
      <ol class="steps">
        {advice.steps.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ol>
      <ul class="servers">
        {PUBLIC_DNS.map((dns) => {
          const value = advice.usesHostnames ? dns.hostname : dns.addresses.join(', ');
          return (
            <li key={dns.name}>
              <code>{value}</code> <span class="muted">({dns.name})</span>{' '}
              <CopyButton text={value} label={t('popup_copy')} describeValue copy={copy} />
            </li>
          );
        })}
      </ul>
      {advice.flushCommand && (
        <>
          <p>{t(advice.flushKey)}</p>
          <p class="command">
            <code>{advice.flushCommand}</code>{' '}
            <CopyButton text={advice.flushCommand} label={t('popup_copy')} describeValue copy={copy} />
          </p>
        </>
      )}
      <p>{t('popup_dns_browser_cache')}</p>
      <p class="command">
        <code>{advice.browserCachePage}</code>{' '}
        <CopyButton text={advice.browserCachePage} label={t('popup_copy')} describeValue copy={copy} />
      </p>
      <p>{t(advice.secureDnsKey)}</p>
      <p class="command">
        <code>{advice.secureDnsPage}</code>{' '}
        <CopyButton text={advice.secureDnsPage} label={t('popup_copy')} describeValue copy={copy} />
      </p>
    </div>
  );
}
