/** Downloads, the way both hosts hand out an exported graph. */

/** Hands text to the browser (or Electron's download handling) as a downloaded JSON file. */
export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}
