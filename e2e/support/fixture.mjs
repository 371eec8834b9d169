// One server for the release build and one Chromium per test file, started before its tests and
// closed after them. `server` and `browser` are live bindings: read them inside tests.
import { after, before } from 'node:test';
import { serveDist } from './server.mjs';
import { launch } from './browser.mjs';

export let server;
export let browser;

export function useServerAndBrowser() {
  before(async () => {
    server = await serveDist();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}
