import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM } from './requirements.js';

/** Debian's headless Chromium (never a downloaded browser), quiet: no updates, sync or first-run pages. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
