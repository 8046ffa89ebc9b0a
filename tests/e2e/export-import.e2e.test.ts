/**
 * End-to-end in web mode (Debian's Chromium, playwright-core): the Export dialog lists every format
 * of the export registry, says what a format leaves out before anything is written, previews each
 * file, copies it, and saves the whole export as a zip whose files are exactly what the format
 * writes; Open and drag-and-drop read graphs and models, and a file that is neither gives one clear
 * line and changes nothing. Skips (saying why) where no Chromium is installed.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium, startWebMode } from '../../scripts/web-mode';
import { EXPORT_FORMATS, exportGraph } from '../../src/export/registry';
import { parseGraphText } from '../../src/graph/load';
import { IMPORTERS } from '../../src/import/registry';
import type { GraphDoc } from '../../src/graph/types';

const available = chromiumAvailable();
if (!available)
  console.log(
    `skipping export/import end-to-end tests: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`,
  );

if (!IMPORTERS.some((i) => i.id === 'tfjs'))
  console.log('skipping the tfjs drop-import end-to-end test: no tfjs importer registered in this build');

let web: { url: string; stop: () => void } | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;

const graphDoc = (name: string): GraphDoc => parseGraphText(readFileSync(`graphs/${name}.json`, 'utf8')).doc!;

/** Files dropped on the canvas the way the desktop drops them: a DataTransfer of Files. */
async function dropFiles(files: { name: string; text?: string; bytes?: number[] }[]): Promise<void> {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text ?? new Uint8Array(f.bytes!)], f.name));
    const target = document.querySelector('[data-testid="canvas"]')!;
    for (const type of ['dragenter', 'dragover', 'drop'])
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

describe.skipIf(!available)('export and import in web mode', () => {
  beforeAll(async () => {
    web = await startWebMode();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    web?.stop();
  });

  const open = async (query = '') => {
    context = await browser!.newContext({ viewport: { width: 1400, height: 860 }, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web!.url });
    page = await context.newPage();
    await page.goto(`${web!.url}${query}`);
    await page.waitForSelector('[data-testid="canvas"]');
    await page.bringToFront();
  };

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      mkdirSync('tests/e2e/artifacts', { recursive: true });
      await page.screenshot({ path: `tests/e2e/artifacts/${ctx.task.name.replace(/\W+/g, '-')}.png` });
    }
    await context?.close();
  });

  it('lists every registered format; a diagram says what it leaves out, previews, copies and zips what the format writes', async () => {
    await open('?example=xor-slides');
    await page.getByTestId('export-menu').click();
    await page.getByTestId('export-dialog').waitFor();
    // The list comes from the export worker once it has started.
    await page.getByTestId(`export-format-${EXPORT_FORMATS[0].id}`).waitFor({ timeout: 60_000 });
    for (const f of EXPORT_FORMATS)
      await expect(page.getByTestId(`export-format-${f.id}`).count(), f.id).resolves.toBe(1);

    await page.getByTestId('export-format-dot').click({ timeout: 60_000 });
    await page.getByTestId('export-limitations').waitFor();
    const expected = await exportGraph('dot', graphDoc('xor-slides'));
    if (!expected.ok) throw new Error(expected.message);
    // What the diagram leaves out, one line each, before anything is written.
    const limits = page.getByTestId('export-limitations');
    await expect(limits.locator('li').count()).resolves.toBe(expected.limitations.length);
    await expect(limits.textContent()).resolves.toContain(expected.limitations[0].message);
    // The preview shows the file as written, line by line.
    const dot = expected.files[0];
    await expect(page.getByTestId(`export-file-${dot.path}`).count()).resolves.toBe(1);
    const preview = page.getByTestId('export-preview');
    await expect(preview.locator('.code-line').count()).resolves.toBe(
      (dot.contents as string).trimEnd().split('\n').length,
    );
    await expect(preview.locator('.code-line').first().textContent()).resolves.toBe(
      `1${(dot.contents as string).split('\n')[0]}`,
    );

    await page.getByTestId('export-copy').click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(dot.contents);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-save').click(),
    ]);
    expect(download.suggestedFilename()).toBe('xor-slides-dot.zip');
    const path = join(mkdtempSync(join(tmpdir(), 'bps-e2e-')), 'export.zip');
    await download.saveAs(path);
    const entries = unzipSync(new Uint8Array(readFileSync(path)));
    expect(Object.keys(entries)).toEqual(expected.files.map((f) => `xor-slides-dot/${f.path}`));
    expect(strFromU8(entries[`xor-slides-dot/${dot.path}`])).toBe(dot.contents);
  });

  it('Ctrl+E opens the dialog on the JSON format, whose preview is the graph file; Escape closes it', async () => {
    await open('?example=perceptron-or');
    await page.keyboard.press('Control+e');
    await page.getByTestId('export-dialog').waitFor();
    await page.getByTestId('export-format-json').click({ timeout: 60_000 });
    await page.getByTestId('export-limitations').waitFor();
    await expect(page.getByTestId('export-limitations').textContent()).resolves.toContain(
      'carries the whole graph',
    );
    const text = await page.getByTestId('export-preview').locator('code').allTextContents();
    expect(`${text.join('\n')}\n`).toBe(readFileSync('graphs/perceptron-or.json', 'utf8'));
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('export-dialog').count()).resolves.toBe(0);
  });

  it.skipIf(!EXPORT_FORMATS.some((f) => f.id === 'pytorch'))(
    'PyTorch: model.py, train.py and data.py previewed as written, weights as bytes, all in the zip',
    async () => {
      await open('?example=xor-mlp');
      await page.getByTestId('export-menu').click();
      await page.getByTestId('export-format-pytorch').click({ timeout: 60_000 });
      await page.getByTestId('export-limitations').waitFor({ timeout: 60_000 });
      const expected = await exportGraph('pytorch', graphDoc('xor-mlp'));
      if (!expected.ok) throw new Error(expected.message);
      for (const f of expected.files)
        await expect(page.getByTestId(`export-file-${f.path}`).count(), f.path).resolves.toBe(1);
      const text = expected.files.filter((f) => typeof f.contents === 'string');
      for (const f of text) {
        await page.getByTestId(`export-file-${f.path}`).click();
        const lines = await page.getByTestId('export-preview').locator('code').allTextContents();
        expect(`${lines.join('\n')}\n`, f.path).toBe(f.contents);
      }
      const binary = expected.files.find((f) => typeof f.contents !== 'string')!;
      await page.getByTestId(`export-file-${binary.path}`).click();
      await expect(page.getByTestId('export-preview').textContent()).resolves.toContain('binary data');
      await expect(page.getByTestId('export-copy').count()).resolves.toBe(0);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('export-save').click(),
      ]);
      const path = join(mkdtempSync(join(tmpdir(), 'bps-e2e-')), 'export.zip');
      await download.saveAs(path);
      const entries = unzipSync(new Uint8Array(readFileSync(path)));
      expect(Object.keys(entries).sort()).toEqual(
        expected.files.map((f) => `xor-mlp-pytorch/${f.path}`).sort(),
      );
      for (const f of text) expect(strFromU8(entries[`xor-mlp-pytorch/${f.path}`]), f.path).toBe(f.contents);
    },
  );

  it.skipIf(!EXPORT_FORMATS.some((f) => f.needsValidGraph))(
    'a format that needs a valid graph refuses one with an error, says why, and offers nothing to save',
    async () => {
      const format = EXPORT_FORMATS.find((f) => f.needsValidGraph)!;
      const doc = JSON.parse(readFileSync('graphs/xor-mlp.json', 'utf8')) as { edges: unknown[] };
      doc.edges = doc.edges.slice(1);
      await open();
      await dropFiles([{ name: 'broken.json', text: JSON.stringify(doc) }]);
      await expect
        .poll(() => page.getByTestId('file-name').textContent(), { timeout: 30_000 })
        .toBe('broken.json');
      await page.getByTestId('export-menu').click();
      await page.getByTestId(`export-format-${format.id}`).click({ timeout: 60_000 });
      const refused = page.getByTestId('export-refused');
      await refused.waitFor({ timeout: 60_000 });
      await expect(refused.textContent()).resolves.toContain('needs a valid graph');
      await expect(page.getByTestId('export-save').isDisabled()).resolves.toBe(true);
      await expect(page.getByTestId('export-preview').count()).resolves.toBe(0);
    },
  );

  it.skipIf(!IMPORTERS.some((i) => i.id === 'tfjs') || !EXPORT_FORMATS.some((f) => f.id === 'tfjs'))(
    'a tfjs model.json dropped with its shard lands laid out and unsaved; without the shard, one line and nothing changes',
    async () => {
      const exported = await exportGraph('tfjs', graphDoc('xor-mlp'));
      if (!exported.ok) throw new Error(exported.message);
      const files = exported.files.map((f) =>
        typeof f.contents === 'string'
          ? { name: f.path, text: f.contents }
          : { name: f.path, bytes: [...f.contents] },
      );
      await open('?example=perceptron-or');
      // Without the shard: the problem names it, the graph stays.
      await dropFiles(files.filter((f) => f.name === 'model.json'));
      await page.getByTestId('report-dialog').waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('report-lines').textContent()).resolves.toContain('group1-shard1of1.bin');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('file-name').textContent()).resolves.toBe('perceptron-or.json');
      // With it: the model opens, named after it, unsaved, every node placed.
      await dropFiles(files);
      await expect
        .poll(() => page.getByTestId('file-name').textContent(), { timeout: 60_000 })
        .toBe('• model-graph.json');
      const nodes = page.locator('.react-flow__node');
      await expect(nodes.count()).resolves.toBeGreaterThanOrEqual(
        graphDoc('xor-mlp').nodes.filter((n) => n.op === 'Dense').length,
      );
      const boxes = await nodes.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().x));
      expect(new Set(boxes).size).toBeGreaterThan(1);
      await expect(page.getByTestId('problems-panel').textContent()).resolves.toContain('0 errors');
    },
  );

  it.skipIf(!IMPORTERS.some((i) => i.id === 'keras') || !IMPORTERS.some((i) => i.id === 'onnx'))(
    'Open imports a .keras archive and an .onnx model: each lands unsaved and named after it',
    async () => {
      const onnx = await exportGraph('onnx', graphDoc('xor-mlp'));
      if (!onnx.ok) throw new Error(onnx.message);
      const model = onnx.files.find((f) => f.path.endsWith('.onnx'))!;
      const cases = [
        {
          name: 'functional-cnn.keras',
          buffer: readFileSync('tests/fixtures/keras/functional-cnn.keras'),
          graph: 'functional-cnn.json',
        },
        { name: 'xor.onnx', buffer: Buffer.from(model.contents as Uint8Array), graph: 'xor.json' },
      ];
      await open('?example=perceptron-or');
      for (const c of cases) {
        // Nothing to lose: the graph on the canvas was never edited, so no question is asked.
        const [chooser] = await Promise.all([
          page.waitForEvent('filechooser'),
          page.getByRole('button', { name: 'Open…' }).click(),
        ]);
        await chooser.setFiles({ name: c.name, mimeType: 'application/octet-stream', buffer: c.buffer });
        await expect
          .poll(() => page.getByTestId('file-name').textContent(), { timeout: 60_000 })
          .toBe(`• ${c.graph}`);
        await expect(page.locator('.react-flow__node').count()).resolves.toBeGreaterThan(2);
        // The notes on what changed on the way in (a placeholder data set), if any, are closed.
        if (await page.getByTestId('report-dialog').count())
          await page.getByRole('button', { name: 'OK' }).click();
        // Imported as unsaved: replacing it asks first; this test says yes.
        page.once('dialog', (d) => void d.accept());
      }
    },
  );

  it('a file dropped that is neither a graph nor a model: one line naming it, the graph unchanged', async () => {
    await open('?example=xor-mlp');
    const nodes = await page.locator('.react-flow__node').count();
    await dropFiles([{ name: 'notes.txt', text: 'hello' }]);
    await page.getByTestId('report-dialog').waitFor({ timeout: 60_000 });
    const lines = page.getByTestId('report-lines').locator('li');
    await expect(lines.count()).resolves.toBe(1);
    await expect(lines.first().textContent()).resolves.toMatch(
      /^notes\.txt: not a model file this app reads/,
    );
    await page.getByRole('button', { name: 'OK' }).click();
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(nodes);
    await expect(page.getByTestId('file-name').textContent()).resolves.toBe('xor-mlp.json');
  });

  it('Open with a JSON file that is not a graph: its problem in one line, the graph unchanged', async () => {
    await open('?example=xor-mlp');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Open…' }).click(),
    ]);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles({
      name: 'settings.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"theme":"dark"}'),
    });
    await expect(page.getByTestId('report-dialog').textContent()).resolves.toContain(
      'settings.json cannot be opened',
    );
    await expect(page.getByTestId('report-lines').locator('li').count()).resolves.toBe(1);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('file-name').textContent()).resolves.toBe('xor-mlp.json');
  });

  it('a graph file dropped on the window opens like Open does', async () => {
    await open('?example=xor-mlp');
    await dropFiles([
      { name: 'perceptron-or.json', text: readFileSync('graphs/perceptron-or.json', 'utf8') },
    ]);
    await expect
      .poll(() => page.getByTestId('file-name').textContent(), { timeout: 30_000 })
      .toBe('perceptron-or.json');
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(
      graphDoc('perceptron-or').nodes.length,
    );
  });
});
