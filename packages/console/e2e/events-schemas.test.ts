/**
 * End-to-end: the Events page's Schemas tab in headless Chromium against a real Baton server (see
 * support.ts), set up with the official Schemas client: a registry with a schema of two versions
 * beside the registry discovery makes; pick the registry and the schema, read the latest version,
 * then version 1; the choice is in the URL. Screenshots go to test-results/screenshots/.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateDiscovererCommand,
  CreateRegistryCommand,
  CreateSchemaCommand,
  SchemasClient,
  UpdateSchemaCommand,
} from '@aws-sdk/client-schemas';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, type TestBaton } from '../../baton/test/support/baton.js';
import { type ConsoleSession, chromiumAvailable, openConsole, suiteTitle } from './support.js';

const orderPlaced = (required: string[]) => ({
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  properties: { orderId: { type: 'string' }, total: { type: 'number' } },
  required,
});
const version1 = orderPlaced(['orderId']);
const version2 = orderPlaced(['orderId', 'total']);

describe.skipIf(!chromiumAvailable)(suiteTitle('event schemas in headless Chromium'), { timeout: 120_000 }, () => {
  let session: ConsoleSession;
  let t: TestBaton;
  let page: Page;
  let schemas: SchemasClient;
  let events: EventBridgeClient;

  beforeAll(async () => {
    session = await openConsole();
    ({ t, page } = session);
    const client = { endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 };
    schemas = new SchemasClient(client);
    events = new EventBridgeClient(client);
    await schemas.send(new CreateRegistryCommand({ RegistryName: 'orders', Description: 'the shop’s contracts' }));
    await schemas.send(new CreateRegistryCommand({ RegistryName: 'payments' }));
    await schemas.send(
      new CreateSchemaCommand({
        RegistryName: 'orders',
        SchemaName: 'OrderPlaced',
        Type: 'JSONSchemaDraft4',
        Content: JSON.stringify(version1),
      }),
    );
    await schemas.send(
      new UpdateSchemaCommand({ RegistryName: 'orders', SchemaName: 'OrderPlaced', Content: JSON.stringify(version2) }),
    );
    // Discovery on the default bus makes the discovered-schemas registry from the events it sees.
    await schemas.send(
      new CreateDiscovererCommand({ SourceArn: `arn:aws:events:${t.region}:${t.account}:event-bus/default` }),
    );
    await events.send(
      new PutEventsCommand({
        Entries: [{ Source: 'shop.orders', DetailType: 'OrderShipped', Detail: JSON.stringify({ orderId: 'o-1' }) }],
      }),
    );
    await t.baton.schemas.whenIdle();
  }, 120_000);

  afterAll(async () => {
    schemas?.destroy();
    events?.destroy();
    await session?.close();
  });

  const content = async () => JSON.parse((await page.locator('.schema-version pre').textContent()) ?? '') as unknown;

  it('picks a registry and a schema, shows its latest version, then version 1', async () => {
    await page.goto(`${t.baton.url}/events?tab=archives`);
    await page.getByRole('tab', { name: 'Archives & replays' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('tab-schemas');
    const registries = page.getByRole('navigation', { name: 'Registries' });
    await registries.getByRole('link').first().waitFor();
    expect(await registries.getByRole('link').allTextContents()).toEqual(['discovered-schemas', 'orders', 'payments']);
    await registries.getByRole('link', { name: 'discovered-schemas' }).click();
    await page.locator('tr[data-schema="shop.orders@OrderShipped"]').waitFor();

    await registries.getByRole('link', { name: 'orders' }).click();
    const row = page.getByRole('table', { name: 'Schemas' }).locator('tr[data-schema="OrderPlaced"]');
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['OrderPlaced', 'JSONSchemaDraft4', '2']),
    );
    await row.getByRole('link', { name: 'OrderPlaced' }).click();
    await expect.poll(content).toEqual(version2);
    expect(await page.getByLabel('Version').inputValue()).toBe('2');
    expect(new URL(page.url()).searchParams.get('schema')).toBe('OrderPlaced');

    await page.getByLabel('Version').selectOption('1');
    await expect.poll(content).toEqual(version1);
    await page.getByText('Content of version 1').waitFor();
    const shared = new URL(page.url());
    expect([...shared.searchParams]).toEqual([
      ['bus', 'default'],
      ['tab', 'schemas'],
      ['registry', 'orders'],
      ['schema', 'OrderPlaced'],
      ['version', '1'],
    ]);
    await session.shot('console-events-schemas');

    // The link is the view: opened again, it shows version 1.
    await page.goto(shared.href);
    await expect.poll(content).toEqual(version1);
    await page.keyboard.press('t'); // the theme shortcut
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await session.shot('console-events-schemas-dark');
    await page.keyboard.press('t');
  });

  it('says how to add a schema to an empty registry, and names a missing one', async () => {
    await page.goto(`${t.baton.url}/events?tab=schemas&registry=payments`);
    await page.getByRole('heading', { name: 'No schemas in payments' }).waitFor();
    expect(await page.locator('.empty').textContent()).toContain('CreateSchema adds one');
    await page.goto(`${t.baton.url}/events?tab=schemas&registry=orders&schema=Missing`);
    const alert = page.getByRole('alert').filter({ hasText: 'Could not read Missing' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('NotFoundException');
  });
});
