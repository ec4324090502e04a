// axe-core in the page under test: every rule, every impact, so "0 violations" means zero.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

let source: string | undefined;
function axeSource(): string {
  if (source) return source;
  const file = process.env['AXE_CORE_PATH'] ?? createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  assert.ok(existsSync(file), 'axe-core not found: run npm ci (it is a devDependency), or set AXE_CORE_PATH');
  return (source = readFileSync(file, 'utf8'));
}

export async function assertNoAxeViolations(page: Page, where: string): Promise<void> {
  await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: object,
          ): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `axe on ${where}`);
}
