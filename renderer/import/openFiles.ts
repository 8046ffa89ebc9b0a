/**
 * What the files a user opened or dropped are: one graph file, or a model of another framework
 * (with the files it needs) read through the import registry, or neither, said one line each.
 * Runs in the interop worker (importers may need tfjs); no React and no store: the editor applies
 * the outcome, so a failure changes nothing.
 */
import { formatDiagnostic } from '../../src/graph/diagnostics';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { IMPORTERS, importModel } from '../../src/import/registry';
import { importedGraphName } from '../../src/import/files';
import type { ImportInput } from '../../src/import/types';
import { autoLayout } from '../store/layout';
import type { ChosenFile, Opened } from './chosen';

export type { ChosenFile, Opened } from './chosen';

/** The document with positions for every node: an imported model comes without a layout. */
export function withLayout(doc: GraphDoc): GraphDoc {
  const placed = doc.nodes.every((n) => Object.hasOwn(doc.layout.nodes, n.id));
  return placed ? doc : { ...doc, layout: autoLayout(doc) };
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const isJsonName = (name: string) => name.toLowerCase().endsWith('.json');

/** The import input for `files[index]`: the others are its siblings, by base name. */
function inputFor(files: readonly ChosenFile[], index: number): ImportInput {
  const siblings = new Map(files.filter((_, i) => i !== index).map((f) => [f.name, f.bytes]));
  return { name: files[index].name, bytes: files[index].bytes, siblings };
}

/** Whether some importer recognises the input (an importer bug counts as no). */
function recognised(input: ImportInput): boolean {
  return IMPORTERS.some((i) => {
    try {
      return i.sniff(input);
    } catch {
      return false;
    }
  });
}

/**
 * Decides what the chosen files are and reads them: one graph file opens as a graph; one model
 * (with the other files as its siblings: a `model.json` and its `.bin` shards) is imported and laid
 * out; anything else fails with one line per problem.
 */
export async function readChosenFiles(files: readonly ChosenFile[]): Promise<Opened> {
  if (!files.length) return { kind: 'failed', title: 'Nothing to open', lines: ['no file was chosen'] };
  const graphs: { name: string; text: string }[] = [];
  const graphProblems = new Map<string, string>();
  const models: number[] = [];
  for (const [i, f] of files.entries()) {
    if (isJsonName(f.name)) {
      const text = decode(f.bytes);
      const { doc, diagnostics } = parseGraphText(text);
      if (doc) {
        graphs.push({ name: f.name, text });
        continue;
      }
      graphProblems.set(f.name, diagnostics.map(formatDiagnostic).join('; '));
    }
    if (recognised(inputFor(files, i))) models.push(i);
  }
  if (graphs.length + models.length > 1) {
    const names = [...graphs.map((g) => g.name), ...models.map((i) => files[i].name)];
    return {
      kind: 'failed',
      title: 'Open one model or graph at a time',
      lines: [`${names.join(', ')}: several graphs or models at once; open one, with the files it needs`],
    };
  }
  if (graphs.length === 1) return { kind: 'graph', ...graphs[0] };
  if (models.length === 1) return importChosen(files, models[0]);
  // Nothing recognised: a lone file gets its own reasons; several get one line each.
  if (files.length === 1) {
    const problem = graphProblems.get(files[0].name);
    if (problem) return { kind: 'failed', title: `${files[0].name} cannot be opened`, lines: [problem] };
    return importChosen(files, 0);
  }
  return {
    kind: 'failed',
    title: 'None of these files is a graph or a model',
    lines: files.map(
      (f) => `${f.name}: ${graphProblems.get(f.name) ?? 'not a graph or a model file this app reads'}`,
    ),
  };
}

/** Imports `files[index]` with the others as its siblings. */
async function importChosen(files: readonly ChosenFile[], index: number): Promise<Opened> {
  const input = inputFor(files, index);
  const result = await importModel(input);
  if (!result.ok)
    return {
      kind: 'failed',
      title: `${input.name} cannot be imported`,
      lines: result.problems.map((p) => `${p.where}: ${p.message}`),
    };
  return {
    kind: 'model',
    source: input.name,
    fileName: importedGraphName(input.name),
    doc: withLayout(result.doc),
    notes: result.notes,
  };
}
