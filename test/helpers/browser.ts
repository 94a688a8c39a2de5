/**
 * The built page (dist/web/) served by a tiny static server on 127.0.0.1, and Debian's chromium
 * driven by playwright-core with a fresh profile. Every request the page makes is recorded, and
 * any that leaves the server's origin is aborted and reported.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './e2e.js';

export const WEB_DIR = join(ROOT, 'dist/web');
export const CHROMIUM = '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves `dir` as any plain static web server would: no headers of ours beyond the type. */
export async function serveStatic(dir: string = WEB_DIR): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return { origin: `http://127.0.0.1:${address.port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export interface PageSession {
  browser: BrowserContext;
  page: Page;
  /** Requests to another origin (each was aborted). */
  foreign: string[];
  /** Every request URL seen. */
  requests: string[];
  /** Console errors and page errors. */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh profile (a new temporary user-data dir) for each session. */
export async function openPage(origin: string): Promise<PageSession> {
  const profile = mkdtempSync(join(tmpdir(), 'kr-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    locale: 'fi-FI',
    viewport: { width: 1200, height: 900 },
  });
  const foreign: string[] = [];
  const requests: string[] = [];
  const errors: string[] = [];
  // Workers' requests go through the context's routes too.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    const u = new URL(url);
    const own = u.origin === origin || u.protocol === 'data:' || u.protocol === 'blob:';
    if (own) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    browser: context,
    page,
    foreign,
    requests,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export type { Browser, Page };
