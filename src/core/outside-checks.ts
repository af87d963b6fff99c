import { withoutCredentials } from './bounds';

/** Independent places a visitor can ask about a site: opened only when clicked, nothing sent before. */

/** Services that check from their own network whether a site answers, so "down for everyone or just me". */
export function downCheckers(pageUrl: string): { host: string; href: string }[] {
  const { hostname, origin } = new URL(pageUrl);
  const host = encodeURIComponent(hostname);
  return [
    { host: 'downforeveryoneorjustme.com', href: `https://downforeveryoneorjustme.com/${host}` },
    { host: 'isitdownrightnow.com', href: `https://www.isitdownrightnow.com/${host}.html` },
    { host: 'check-host.net', href: `https://check-host.net/check-http?host=${encodeURIComponent(origin)}` },
  ];
}

/** The Wayback Machine's list of archived copies of the page. */
export function waybackUrl(pageUrl: string): string {
  return `https://web.archive.org/web/*/${withoutCredentials(pageUrl)}`;
}
