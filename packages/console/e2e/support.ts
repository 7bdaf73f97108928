/**
 * What every end-to-end test file shares: the console built into a temporary folder (so a test
 * never runs against a stale build), a real Baton server serving it, and Debian's /usr/bin/chromium
 * driven by playwright-core, headless (no browser is downloaded). Screenshots go to
 * packages/console/test-results/screenshots/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { BatonOverrides } from '../../baton/src/main.js';
import { startTestBaton, type TestBaton } from '../../baton/test/support/baton.js';

export const CHROMIUM = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const consoleRoot = join(here, '..');
export const repoRoot = join(consoleRoot, '..', '..');
const screenshots = join(consoleRoot, 'test-results', 'screenshots');

export const chromiumAvailable = existsSync(CHROMIUM);

/** The suite's title, saying why it is skipped when Chromium is missing. */
export function suiteTitle(title: string): string {
  return chromiumAvailable
    ? title
    : `${title} (skipped: ${CHROMIUM} is missing; install it with apt-get install -y chromium)`;
}

export interface ConsoleSession {
  readonly t: TestBaton;
  readonly page: Page;
  /** Saves a screenshot of the viewport as test-results/screenshots/<name>.png. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openConsole(overrides: Omit<BatonOverrides, 'consoleDir'> = {}): Promise<ConsoleSession> {
  const built = mkdtempSync(join(tmpdir(), 'baton-console-dist-'));
  const { build } = await import('vite');
  await build({ root: consoleRoot, logLevel: 'warn', build: { outDir: built, emptyOutDir: true } });
  const t = await startTestBaton({}, { ...overrides, consoleDir: built });
  const profile = mkdtempSync(join(tmpdir(), 'baton-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: { width: 1440, height: 960 },
      colorScheme: 'light',
    });
  } catch (e) {
    await t.close();
    throw e;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  mkdirSync(screenshots, { recursive: true });
  return {
    t,
    page,
    shot: async (name) => {
      await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: false });
    },
    async close() {
      await context?.close();
      await t.close();
      rmSync(built, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
