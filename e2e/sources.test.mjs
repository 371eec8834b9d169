// Whose numbers: a chosen source holds only while its lever keeps the source's value. Reset and
// a lever moved by hand both drop it, from the panel and from the link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, server, useServerAndBrowser } from './support/fixture.mjs';
import { openPage } from './support/browser.mjs';

useServerAndBrowser();

const TABLE_HINT = /The parameter table's value/;
const search = (page) => new URL(page.url()).search;

/** Opens the page in English and chooses the independent study's recharge (690 L/s, ×1.5). */
async function chooseIndependentRecharge(page) {
  await page.goto(`${server.url}?v=1&lang=en`);
  await page.getByTestId('indicator-cards').locator('li').first().waitFor();
  await page.getByTestId('sources').locator('summary').click();
  const recharge = page.getByTestId('source-recharge');
  await recharge.locator('select').selectOption('independent');
  await page.waitForFunction(() => location.search.includes('src_recharge=independent'));
  assert.match(search(page), /k_rech=1\.5/, 'the source set its lever');
  assert.doesNotMatch(await recharge.locator('.hint').textContent(), TABLE_HINT);
  return recharge;
}

test('Reset drops the chosen source from the panel and the link', async () => {
  const { context, page, errors } = await openPage(browser, 'desktop', 'en-GB');
  const recharge = await chooseIndependentRecharge(page);

  await page.getByRole('button', { name: 'Back to the natural basin' }).click();
  await page.waitForFunction(() => !location.search.includes('k_rech'));
  assert.doesNotMatch(search(page), /src_/);
  assert.equal(await recharge.locator('select').inputValue(), 'table');
  assert.match(await recharge.locator('.hint').textContent(), TABLE_HINT);
  assert.deepEqual(errors, []);
  await context.close();
});

test('moving a sourced lever by hand shows no source as chosen and drops it from the link', async () => {
  const { context, page, errors } = await openPage(browser, 'desktop', 'en-GB');
  const recharge = await chooseIndependentRecharge(page);

  const slider = page.getByTestId('lever-k_rech');
  await page.locator('details.lever-group', { has: slider }).locator('summary').click();
  // On the slider's step grid (from its minimum, 0.375), so the browser keeps it as typed.
  await slider.fill('1.375');
  await page.waitForFunction(() => location.search.includes('k_rech=1.375'));
  assert.doesNotMatch(search(page), /src_/);
  assert.equal(await recharge.locator('select').inputValue(), 'table');
  assert.match(await recharge.locator('.hint').textContent(), TABLE_HINT);
  assert.deepEqual(errors, []);
  await context.close();
});
