/** Downloads, the way both hosts hand out an exported graph. */

/** Hands text or bytes to the browser (or Electron's download handling) as a downloaded file. */
export function downloadText(name: string, contents: string | Uint8Array): void {
  const type =
    typeof contents === 'string' && name.endsWith('.json')
      ? 'application/json'
      : name.endsWith('.zip')
        ? 'application/zip'
        : 'application/octet-stream';
  // A copy so the Blob owns plain ArrayBuffer-backed bytes whatever the caller's buffer is.
  const url = URL.createObjectURL(
    new Blob([typeof contents === 'string' ? contents : contents.slice()], { type }),
  );
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}
