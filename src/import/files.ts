/**
 * Files around an import, shared by the CLI and the editor: which other files a model needs (the
 * importer's own list when it declares one, else the folder's files the model names) and the name
 * the imported graph gets. Pure: the caller lists folders and reads files.
 */
import { IMPORTERS } from './registry';
import type { ImportInput } from './types';

/**
 * Whether a path a model gives for another file stays inside the model's folder: relative, with no
 * `..` part, no drive or root, no backslash (a Windows separator that would escape on Windows)
 * and no NUL. A model file is untrusted input; `../../.ssh/id_rsa` must not be read for it.
 */
export function isSafeSiblingPath(path: string): boolean {
  if (!path || path.length > 1024 || /[\\\0]/.test(path) || /^[a-zA-Z]:/.test(path)) return false;
  if (path.startsWith('/')) return false;
  return path.split('/').every((part) => part !== '..' && part !== '');
}

/** Whether `bytes` start like a JSON document (after white space), so names may be searched in it. */
function looksLikeJson(bytes: Uint8Array): boolean {
  for (const b of bytes.subarray(0, 64)) {
    if (b === 0x7b || b === 0x5b) return true; // { or [
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf)
      return false;
  }
  return false;
}

/**
 * The sibling paths to read for `input`: what the importer that recognises it declares
 * (`siblingNames`), only the safe ones; for an importer that declares nothing, the names in
 * `folderFiles` (the model folder's other files) that a JSON model mentions as a quoted string
 * (`"group1-shard1of1.bin"`), keyed as the model names them.
 */
export function wantedSiblings(input: ImportInput, folderFiles: readonly string[]): string[] {
  const importer = IMPORTERS.find((i) => i.sniff(input));
  if (importer?.siblingNames) {
    let names: string[];
    try {
      names = importer.siblingNames(input);
    } catch {
      // A broken manifest is the importer's to report when it reads the model.
      names = [];
    }
    return [...new Set(names.filter(isSafeSiblingPath))];
  }
  if (!looksLikeJson(input.bytes)) return [];
  const text = new TextDecoder().decode(input.bytes);
  return folderFiles.filter(
    (name) => name !== input.name && isSafeSiblingPath(name) && text.includes(JSON.stringify(name)),
  );
}

/** The graph file name an imported model gets: `net.onnx` → `net.json`, `model.json` → `model-graph.json`. */
export function importedGraphName(modelName: string): string {
  const base = modelName.split(/[\\/]/).pop() ?? modelName;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot).toLowerCase() : '';
  const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/[^\w.-]+/g, '-') || 'model';
  return ext === '.json' ? `${stem}-graph.json` : `${stem}.json`;
}
