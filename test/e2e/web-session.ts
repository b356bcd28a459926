/**
 * The web app in a real browser for the e2e tests: Debian's Chromium through playwright-core
 * (test/support/ensure-chromium.ts), the app served for the stack of the global setup, one page
 * signed in through the local issuer as a new admin user of `default` (made with the bootstrap token).
 */
import type { Page } from 'playwright-core';
import { newWebUser, signIn, type WebUser, webAppFor } from '../../scripts/screenshots.ts';
import { type BrowserSession, launchChromium } from '../support/ensure-chromium.ts';
import { baseUrl, token } from './client.ts';

export interface WebSession {
  browser: BrowserSession;
  web: Awaited<ReturnType<typeof webAppFor>>;
  page: Page;
  user: WebUser;
}

/** A new user of the stack (admin of `default` unless told), made with the bootstrap token. */
export const webUser = (user?: Parameters<typeof newWebUser>[2]) => newWebUser(baseUrl(), token(), user);

/** Chromium, the web app and a page nobody has signed in on yet; close it with closeWebSession. */
export async function webSession(): Promise<Omit<WebSession, 'user'>> {
  const browser = await launchChromium();
  const web = await webAppFor(baseUrl());
  return { browser, web, page: await browser.context.newPage() };
}

/** Chromium, the web app and a page signed in as a new user; close it with closeWebSession. */
export async function signedInWebSession(user?: Parameters<typeof newWebUser>[2]): Promise<WebSession> {
  const session = await webSession();
  const signedIn = await webUser(user);
  await signIn(session.page, session.web.appUrl, signedIn);
  return { ...session, user: signedIn };
}

/** Closes what webSession or signedInWebSession opened, as far as it got. */
export async function closeWebSession(session: Partial<WebSession>): Promise<void> {
  await session.browser?.close();
  await session.web?.close();
}
