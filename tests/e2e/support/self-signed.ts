/** A self-signed certificate made for this run with openssl (valid a day), for the tests' https servers. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSigned {
  key: Buffer;
  cert: Buffer;
  /** base64 SHA-256 of the public key, for Chromium's `--ignore-certificate-errors-spki-list`. */
  spki: string;
  /** SHA-256 fingerprint (`AB:CD:…`), for Firefox's certificate override. */
  fingerprint: string;
}

/** For `subject` (the CN), with `altName` (e.g. `IP:127.0.0.1`) when given; its files are removed at once. */
export function selfSignedCertificate(subject: string, altName?: string): SelfSigned {
  const dir = mkdtempSync(join(tmpdir(), 'gr-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        `/CN=${subject}`,
        ...(altName ? ['-addext', `subjectAltName=${altName}`] : []),
      ],
      { stdio: 'ignore' },
    );
    const spki = execFileSync('sh', [
      '-c',
      `openssl x509 -in '${cert}' -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`,
    ])
      .toString()
      .trim();
    const fingerprint = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-fingerprint', '-sha256'])
      .toString()
      .trim()
      .split('=')[1]!;
    return { key: readFileSync(key), cert: readFileSync(cert), spki, fingerprint };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
