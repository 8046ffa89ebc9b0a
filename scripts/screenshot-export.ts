/**
 * Takes the README's screenshot of the Export dialog from the real app in web mode:
 * `npx tsx scripts/screenshot-export.ts` writes assets/screenshot-export.png (the spiral MLP's
 * export preview, in the first code format registered: PyTorch when it is there).
 */
import { EXPORT_FORMATS } from '../src/export/registry';
import { launchChromium, startWebMode } from './web-mode';

// The most telling preview: generated Python if a format writes it, else the diagram.
const preferred = ['pytorch', 'keras-py', 'keras', 'dot'].find((id) => EXPORT_FORMATS.some((f) => f.id === id));

const web = await startWebMode();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 960 } });
  await page.goto(`${web.url}?example=spiral-mlp`);
  await page.waitForSelector('[data-testid=canvas]');
  await page.getByTestId('export-menu').click();
  await page.getByTestId(`export-format-${preferred ?? 'json'}`).click();
  await page.getByTestId('export-limitations').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'assets/screenshot-export.png' });
  console.log(`wrote assets/screenshot-export.png (format ${preferred ?? 'json'})`);
} finally {
  await browser.close();
  web.stop();
}
