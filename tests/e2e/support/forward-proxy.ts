/**
 * A forward proxy on 127.0.0.1, like a company's Squid, for Chromium's `--proxy-server`. `broken`
 * answers every request with Squid's own 502 without contacting the site; `generic` answers with
 * nginx's stock 502, which names no product of the visitor's side; `relay` passes the site's
 * answer on, adding what Squid adds (Via, X-Cache). Plain HTTP only: an HTTPS page goes through
 * CONNECT, and Chromium shows its own error for a failed tunnel, never the proxy's page.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BROWSER_OWN_PATHS } from './test-server';

export type ProxyMode = 'broken' | 'generic' | 'relay';

export interface ForwardProxy {
  /** `http://127.0.0.1:<port>`, for `--proxy-server`. */
  address: string;
  /** The absolute URLs requested through it. */
  requests: string[];
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

const SQUID = 'squid/5.7';

/**
 * Squid's ERR_READ_ERROR page (errors/templates/ERR_READ_ERROR in squid-cache/squid, filled in the
 * way Squid does; its inline stylesheet left out) and the headers Squid sends with its own error
 * pages, as pasted in axios/axios#5078 (a 502 with `x-squid-error: ERR_READ_ERROR 0`) and
 * agentgonzo/steam-squid#3 (Server, Mime-Version, X-Cache, X-Cache-Lookup, Via).
 */
function squidErrorPage(url: string): { headers: Record<string, string>; body: string } {
  const body = `<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>ERROR: The requested URL could not be retrieved</title>
<style type="text/css"><!--  --></style>
</head><body id="ERR_READ_ERROR">
<div id="titles">
<h1>ERROR</h1>
<h2>The requested URL could not be retrieved</h2>
</div>
<hr>
<div id="content">
<p>The following error was encountered while trying to retrieve the URL: <a href="${url}">${url}</a></p>
<blockquote id="error">
<p><b>Read Error</b></p>
</blockquote>
<p id="sysmsg">The system returned: <i>(104) Connection reset by peer</i></p>
<p>An error condition occurred while reading data from the network.  Please retry your request.</p>
<p>Your cache administrator is <a href="mailto:webmaster">webmaster</a>.</p>
<br>
</div>
<hr>
<div id="footer">
<p>Generated ${new Date().toUTCString()} by localhost (${SQUID})</p>
<!-- ERR_READ_ERROR -->
</div>
</body></html>
`;
  return {
    headers: {
      server: SQUID,
      'mime-version': '1.0',
      'content-type': 'text/html;charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'x-squid-error': 'ERR_READ_ERROR 0',
      vary: 'Accept-Language',
      'content-language': 'en',
      'x-cache': 'MISS from localhost',
      'x-cache-lookup': 'MISS from localhost:3128',
      via: `1.1 localhost (${SQUID})`,
      connection: 'close',
    },
    body,
  };
}

/**
 * nginx's own 502 (`ngx_http_error_502_page` and the tail with `server_tokens off`, from
 * src/http/ngx_http_special_response.c in nginx/nginx) and the headers it sends with it.
 */
const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export async function startForwardProxy(initial: ProxyMode = 'broken'): Promise<ForwardProxy> {
  let mode = initial;
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    const target = URL.canParse(url) ? new URL(url) : null;
    // The browser's own favicon fetches are relayed but not logged: tests count what the extension sends.
    if (!target || !BROWSER_OWN_PATHS.has(target.pathname)) requests.push(url);
    if (mode === 'generic') {
      res
        .writeHead(502, 'Bad Gateway', {
          server: 'nginx',
          'content-type': 'text/html',
          'content-length': String(Buffer.byteLength(NGINX_502)),
        })
        .end(NGINX_502);
      return;
    }
    // Only 127.0.0.1 is ever relayed: the tests talk to nothing else.
    if (mode === 'broken' || !target || target.hostname !== '127.0.0.1') {
      const page = squidErrorPage(url);
      res.writeHead(502, 'Bad Gateway', page.headers).end(page.body);
      return;
    }
    const upstream = request(
      target,
      { method: req.method, headers: { ...req.headers, via: `1.1 localhost (${SQUID})` } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, {
          ...answer.headers,
          via: `1.1 localhost (${SQUID})`,
          'x-cache': 'MISS from localhost',
        });
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `http://127.0.0.1:${port}`,
    requests,
    setMode: (next) => {
      mode = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Chromium switches for going through the proxy. Chromium never proxies loopback addresses unless
 * told (`<-loopback>` removes that implicit bypass; checked with Chromium 156 here).
 */
export const proxyArgs = (proxy: ForwardProxy) => [
  `--proxy-server=${proxy.address}`,
  '--proxy-bypass-list=<-loopback>',
];
