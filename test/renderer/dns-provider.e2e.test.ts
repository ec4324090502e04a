import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ROOT, newCertificate, startUiStack, step, type UiStack } from './ui-stack.ts';
import { runCli } from '../electron/cli/run-cli.ts';
import path from 'node:path';

// Provider guidance end to end: the BIND zone example.test is handed Route 53's name servers
// (as a zone hosted there has), so the resolvers' NS answer names Route 53. The wizard's record
// step (real Chromium, real web host, Pebble) and `persistcert record` on the same data dir must
// both say so and give Route 53's form: relative Record name, the value in double quotes.
let stack: UiStack;
const ROUTE53_NS = ['ns-1234.awsdns-12.org.', 'ns-567.awsdns-07.net.', 'ns-89.awsdns-11.com.', 'ns-1800.awsdns-33.co.uk.'];
const name = 'www.example.test';

before(async () => {
  stack = await startUiStack();
  const { dns } = stack;
  // RFC 2136 §3.4.2.4: the apex keeps at least one NS, so add Route 53's first, then drop BIND's own.
  await dns.update([
    ...ROUTE53_NS.map((ns) => `update add example.test. 60 IN NS ${ns}`),
    'update delete example.test. IN NS ns1.example.test.',
    'update delete example.test. IN NS ns2.example.test.',
  ]);
});
after(async () => stack?.stop());

const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click();

test("the wizard's record step and persistcert record recognise Route 53 from the zone's NS names and give its form", async (t) => {
  if (!existsSync(path.join(ROOT, 'dist/renderer/index.html'))) return t.skip('the UI is not built (npm test builds it)');
  const page = await stack.browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(stack.host.url);
  await newCertificate(page).click();
  await step(page, 'ca').waitFor();
  await page.getByRole('radio', { name: /Another CA/ }).check();
  await page.getByRole('textbox', { name: 'Directory URL' }).fill(stack.pebble.directoryUrl);
  await next(page);
  await page.getByLabel("I agree to the CA's terms of service").check();
  await next(page);
  await step(page, 'account').waitFor();
  await page.getByRole('button', { name: 'Create account' }).click();
  const accountUrl = (await page
    .getByText(/\/my-account\/\w+/)
    .first()
    .textContent())!.match(/https:\/\/\S+\/my-account\/\w+/)![0];
  await page.getByLabel(/I understand that if this key is lost/).check();
  await page.getByRole('button', { name: 'Continue without a backup' }).click();
  await next(page);
  await step(page, 'names').waitFor();
  await page.getByLabel('Domain names, one per line').fill(name);
  await next(page);
  await step(page, 'record').waitFor();

  const value = `pebble.letsencrypt.org; accounturi=${accountUrl}`;
  const guide = page.getByRole('region', { name: 'At your DNS provider' });
  await guide.getByRole('heading', { name: 'example.test is hosted at Amazon Route 53' }).waitFor();
  assert.match(await guide.innerText(), /AWS console → Route 53 → Hosted zones → your zone → Create record/);
  const field = (label: string) =>
    guide
      .locator('.record-row')
      .filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
      .locator('code');
  assert.equal(await field('Record type').innerText(), 'TXT');
  assert.equal(await field('Record name').innerText(), '_validation-persist.www');
  assert.equal(await field('Value').innerText(), `"${value}"`);
  const help = guide.getByRole('link', { name: "Amazon Route 53's help on TXT records" });
  assert.equal(
    await help.getAttribute('href'),
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/ResourceRecordTypes.html#TXTFormat',
  );
  assert.equal(await help.getAttribute('target'), '_blank');
  // The hand-off sheet, downloaded: the value verbatim, Route 53's form, a dig line for this record.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download instructions (Markdown)' }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), 'dns-records-www.example.test.md');
  const sheet = readFileSync((await file.path())!, 'utf8');
  assert.ok(sheet.includes(`\`\`\`\n${value}\n\`\`\``), sheet);
  assert.ok(sheet.includes(`- Value: "${value}" (Amazon Route 53 wants the value in double quotes`), sheet);
  assert.match(sheet, /- Record name: _validation-persist\.www /);
  assert.match(sheet, /^dig \+short TXT _validation-persist\.www\.example\.test @ns-/m);
  mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  await guide.screenshot({ path: path.join(ROOT, 'test-results', 'dns-provider-route53.png') });
  assert.deepEqual(errors, []);
  await page.close();

  // The CLI on the same data dir, asking the same DNS server.
  const s0 = stack.dns.servers[0]!;
  const flags = [
    '--data-dir',
    stack.dataDir,
    '--ca-bundle',
    stack.pebble.caBundlePath,
    '--dns',
    `${s0.address}:${s0.port}`,
    '--auth-port',
    String(s0.port),
  ];
  const text = await runCli(['record', '-d', name, ...flags]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /example\.test is hosted at Amazon Route 53 \(name servers ns-1234\.awsdns-12\.org, /);
  assert.match(text.stdout, /In AWS console → Route 53 → Hosted zones → your zone → Create record:/);
  assert.match(text.stdout, /^ {2}Record name: +_validation-persist\.www$/m);
  assert.ok(
    text.stdout.split('\n').some((l) => /^ {2}Value: +/.test(l) && l.trim().endsWith(`"${value}"`)),
    text.stdout,
  );
  assert.match(text.stdout, /Amazon Route 53's help on TXT records: https:\/\/docs\.aws\.amazon\.com\//);
  const json = await runCli(['record', '-d', name, '--json', ...flags]);
  assert.equal(json.code, 0, json.stderr);
  const host = JSON.parse(json.stdout).names[0].dnsHost;
  assert.equal(host.zone, 'example.test');
  assert.deepEqual(
    host.providers.map((p: { id: string }) => p.id),
    ['route53'],
  );
});
