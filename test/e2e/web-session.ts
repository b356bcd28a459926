/**
 * The web app in a real browser for the e2e tests: Debian's Chromium through playwright-core
 * (test/support/ensure-chromium.ts), the app served for the stack of the global setup, one page
 * signed in with the stack's token.
 */
import type { Page } from 'playwright-core';
import { signIn, webAppFor } from '../../scripts/screenshots.ts';
import { type BrowserSession, launchChromium } from '../support/ensure-chromium.ts';
import { baseUrl, token } from './client.ts';

export interface WebSession {
  browser: BrowserSession;
  web: Awaited<ReturnType<typeof webAppFor>>;
  page: Page;
}

/** Chromium, the web app and a page signed in with the token; close it with closeWebSession. */
export async function signedInWebSession(): Promise<WebSession> {
  const browser = await launchChromium();
  const web = await webAppFor(baseUrl());
  const page = await browser.context.newPage();
  await signIn(page, web.appUrl, token());
  return { browser, web, page };
}

/** Closes what signedInWebSession opened, as far as it got. */
export async function closeWebSession(session: Partial<WebSession>): Promise<void> {
  await session.browser?.close();
  await session.web?.close();
}
