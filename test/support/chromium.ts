/**
 * The Chromium the browser tests drive: the one installed from the system's
 * packages (a browser download is not possible on the machines this runs on).
 */
import { existsSync } from 'node:fs';
import { launch, type Browser } from 'puppeteer-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** CHROMIUM_PATH, or the first of the usual places that holds a browser; null when there is none. */
export function installedChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export const NO_CHROMIUM_MESSAGE = 'No Chromium installed (apt-get install -y chromium, or CHROMIUM_PATH): the browser tests are skipped';

export function launchChromium(executablePath: string): Promise<Browser> {
  return launch({
    executablePath,
    headless: true,
    // Chromium's sandbox refuses to start as root (CI containers run as root).
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-dev-shm-usage'],
  });
}
