/**
 * Debian's Chromium for the browser tests and the screenshots: installed with apt-get when it is
 * missing (a test tool's own browser download cannot work here), then launched through
 * playwright-core with the flags this machine needs (no sandbox as root, no background
 * networking: the network is closed). Nothing is skipped: when Chromium cannot be had, this throws
 * and says how to install it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type BrowserContext, chromium } from 'playwright-core';

const run = promisify(execFile);

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The path of Chromium, installing Debian's package first when it is missing. */
export async function ensureChromium(): Promise<string> {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = ['-o', 'DPkg::Lock::Timeout=300', '-qq'];
  try {
    await run('apt-get', [...apt, 'update'], { env, timeout: 300_000 });
    await run('apt-get', [...apt, 'install', '-y', 'chromium'], { env, timeout: 600_000 });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH} and "apt-get install -y chromium" failed (run it as root; the browser tests need Debian's chromium package): ${stderr.slice(-500)}`,
    );
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing`);
  }
  return CHROMIUM_PATH;
}

export interface BrowserSession {
  context: BrowserContext;
  close: () => Promise<void>;
}

/** A headless Chromium with a new, empty user-data-dir, removed again on close. */
export async function launchChromium(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<BrowserSession> {
  const executablePath = await ensureChromium();
  const userDataDir = await mkdtemp(join(tmpdir(), 'pa-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ['--headless', ...CHROMIUM_ARGS],
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
