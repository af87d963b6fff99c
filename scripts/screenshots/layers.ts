/**
 * Who answered: a proxy on the visitor's network that wrote the 502, a layered chain (CloudFront
 * relaying API Gateway's 502), and a provider-wide outage (unrelated sites failing at Cloudflare).
 * Made-up site names resolve to 127.0.0.1; `*.test` goes through a Squid-like proxy on 127.0.0.1.
 */
import type { Page } from 'playwright-core';
import { axeViolations } from '../../tests/e2e/support/axe.ts';
import { type ForwardProxy, startForwardProxy } from '../../tests/e2e/support/forward-proxy.ts';
import { openPopupFor } from '../../tests/e2e/support/popup-page.ts';
import { startTestServer, type TestServer } from '../../tests/e2e/support/test-server.ts';
import type { ShotSet } from '../screenshots.ts';

let proxy: ForwardProxy;

// Headers of real answers: CloudFront relaying API Gateway's 502 (aws-amplify/amplify-js#6931),
// Cloudflare's 502 (Ekultek/WhatWaf#958).
const CLOUDFRONT_API_GATEWAY = {
  via: '1.1 e175847e898eb176a9bfc215ff971192.cloudfront.net (CloudFront)',
  'x-amz-apigw-id': 'UE1rfGuaIE0FW-w=',
  'x-amz-cf-id': 'zbpeORyultePxBvSUUrxnoBNRkigsnEY5V2ZXIhzCF6wYpm6XDmO4w==',
  'x-amz-cf-pop': 'ICN54',
  'x-amzn-errortype': 'InternalServerErrorException',
  'x-cache': 'Error from cloudfront',
  'retry-after': '60',
};
const CLOUDFLARE = { server: 'cloudflare', 'cf-ray': '5edaeb36ff6c293a-IAD', 'retry-after': '60' };

async function check(popup: Page): Promise<void> {
  const violations = await axeViolations(popup);
  if (violations.length) throw new Error(`axe: ${violations.join('; ')}`);
}

export const shots: ShotSet = {
  async prepare() {
    proxy = await startForwardProxy('broken');
    return {
      chromiumArgs: [
        '--host-resolver-rules=MAP *.example 127.0.0.1, MAP *.test 127.0.0.1',
        `--proxy-server=${proxy.address}`,
        // Only *.test goes through the proxy; loopback would be bypassed without `<-loopback>`.
        '--proxy-bypass-list=<-loopback>;*.example',
      ],
      done: () => proxy.close(),
    };
  },
  async run({ ext, shot }) {
    const servers: TestServer[] = [];
    const open = async (url: string) => {
      const page = await ext.context.newPage();
      await page.goto(url);
      return page;
    };
    try {
      await ext.setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });

      // The visitor's network proxy wrote the 502.
      const wiki = await startTestServer();
      servers.push(wiki);
      const proxied = await open(`http://wiki.corp.test:${new URL(wiki.origin).port}/handbook`);
      const byProxy = await openPopupFor(ext, proxied.url());
      await byProxy.popup.locator('.verdict-proxy').waitFor();
      await check(byProxy.popup);
      await shot(byProxy.popup, 'visitor-proxy');

      // A layered chain: CloudFront passing on API Gateway's 502.
      const api = await startTestServer({ status: 502, headers: CLOUDFRONT_API_GATEWAY });
      servers.push(api);
      const layered = await open(`http://api.orders.example:${new URL(api.origin).port}/v1/orders`);
      const chain = await openPopupFor(ext, layered.url());
      await chain.popup.locator('.hop-caption').first().waitFor();
      await check(chain.popup);
      await shot(chain.popup, 'layered-chain');

      // Unrelated sites failing through Cloudflare within minutes.
      const cdn = await startTestServer({ status: 502, headers: CLOUDFLARE });
      servers.push(cdn);
      const port = new URL(cdn.origin).port;
      await open(`http://news.example:${port}/today`);
      await open(`http://www.recipes.example:${port}/soup`);
      const shop = await open(`http://shop.example:${port}/cart`);
      const outage = await openPopupFor(ext, shop.url());
      await outage.popup.locator('.provider-outage').waitFor();
      await check(outage.popup);
      await shot(outage.popup, 'provider-outage');
    } finally {
      for (const s of servers) await s.close();
    }
  },
};
