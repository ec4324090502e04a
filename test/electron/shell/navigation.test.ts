import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hardenWebContents, isAllowedNavigation, type HardenableContents } from '../../../electron/shell/navigation.ts';
import { FakeWebContents, fakeEvent, openDetails, settle } from './fakes.ts';

function hardened() {
  const contents = new FakeWebContents();
  const opened: string[] = [];
  hardenWebContents(contents as unknown as HardenableContents, async (url) => {
    opened.push(url);
  });
  return { contents, opened };
}

const navigations: { url: string; isSameDocument: boolean; allowed: boolean; why: string }[] = [
  { url: 'app://persistcert/index.html#/certificates', isSameDocument: true, allowed: true, why: 'fragment routing in the UI' },
  { url: 'app://persistcert/accounts', isSameDocument: true, allowed: true, why: 'history.pushState in the UI' },
  { url: 'app://persistcert/index.html', isSameDocument: false, allowed: false, why: 'a new document, even ours' },
  { url: 'app://persistcert/other.html', isSameDocument: false, allowed: false, why: 'a new document, even ours' },
  { url: 'https://example.com/', isSameDocument: false, allowed: false, why: 'the web' },
  { url: 'https://example.com/', isSameDocument: true, allowed: false, why: 'the web, whatever the flag says' },
  { url: 'app://persistcert.evil.example/', isSameDocument: true, allowed: false, why: 'a lookalike host' },
  { url: 'file:///etc/passwd', isSameDocument: false, allowed: false, why: 'a local file' },
  { url: 'javascript:alert(1)', isSameDocument: true, allowed: false, why: 'script' },
  { url: 'data:text/html,hi', isSameDocument: false, allowed: false, why: 'data' },
  { url: 'about:blank', isSameDocument: false, allowed: false, why: 'blank' },
];

for (const n of navigations) {
  test(`isAllowedNavigation: ${n.url} (same document: ${n.isSameDocument}) → ${n.allowed}: ${n.why}`, () => {
    assert.equal(isAllowedNavigation(n), n.allowed);
  });
  for (const event of ['will-navigate', 'will-redirect'] as const) {
    test(`${event} to ${n.url} (same document: ${n.isSameDocument}) is ${n.allowed ? 'let through' : 'prevented'}`, () => {
      const { contents } = hardened();
      const e = fakeEvent({ url: n.url, isSameDocument: n.isSameDocument, isMainFrame: true, frame: null });
      contents.emit(event, e, n.url, false, true, 1, 1);
      assert.equal(e.defaultPrevented, !n.allowed);
    });
  }
}

const opens: { url: string; external: boolean }[] = [
  { url: 'https://letsencrypt.org/repository/', external: true },
  { url: 'http://example.com/', external: true },
  { url: 'app://persistcert/index.html', external: false },
  { url: 'about:blank', external: false },
  { url: 'file:///etc/passwd', external: false },
  { url: 'javascript:alert(1)', external: false },
  { url: 'smb://server/share', external: false },
  { url: 'https://user:pw@example.com/', external: false },
  { url: '', external: false },
];

for (const o of opens) {
  test(`window.open(${JSON.stringify(o.url)}) is denied${o.external ? ' and opened in the browser' : ' and not opened anywhere'}`, async () => {
    const { contents, opened } = hardened();
    assert.ok(contents.windowOpenHandler, 'a window-open handler is set');
    assert.deepEqual(contents.windowOpenHandler(openDetails(o.url)), { action: 'deny' });
    await settle();
    assert.deepEqual(opened, o.external ? [new URL(o.url).href] : []);
  });
}

test('<webview> is never attached', () => {
  const { contents } = hardened();
  const e = fakeEvent();
  const webPreferences = { nodeIntegration: true };
  contents.emit('will-attach-webview', e, webPreferences, { src: 'https://example.com/' });
  assert.equal(e.defaultPrevented, true);
});

test('hardening twice adds no second set of listeners', () => {
  const contents = new FakeWebContents();
  const open = async () => {};
  hardenWebContents(contents as unknown as HardenableContents, open);
  hardenWebContents(contents as unknown as HardenableContents, open);
  for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) assert.equal(contents.listenerCount(event), 1, event);
});
