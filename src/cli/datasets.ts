/** `backprop-studio datasets`: the registered data-set kinds with their options, read from the registry. */
import { DATASET_KINDS } from '../data/registry';
import { describeBounds } from '../data/options';
import type { OptionDecl } from '../data/options';
import type { Io } from './failure';

/** `classes: integer between 1 and 100, default 3 — Number of classes (arms).` */
function optionLine(name: string, decl: OptionDecl): string {
  const type = decl.type === 'boolean' ? 'true or false' : describeBounds(decl);
  return `${name}: ${type}, default ${String(decl.default)} — ${decl.doc}`;
}

/** The registered kinds as help lines: `spiral  The spiral of …` followed by its options, indented. */
function datasetsHelp(): string[] {
  const width = Math.max(...DATASET_KINDS.map((k) => k.kind.length));
  return DATASET_KINDS.flatMap((k) => [
    `${k.kind.padEnd(width)}  ${k.description}`,
    ...Object.entries(k.options).map(([name, decl]) => `${' '.repeat(width)}    ${optionLine(name, decl)}`),
  ]);
}

/** Prints the data-set kinds, as text or as one JSON object; resolves to 0. */
export async function datasetsCommand(opts: { json?: boolean }, io: Io): Promise<number> {
  if (opts.json) {
    const kinds = DATASET_KINDS.map(({ kind, title, description, options }) => ({
      kind,
      title,
      description,
      options,
    }));
    io.out(JSON.stringify({ datasets: kinds }));
  } else {
    for (const line of datasetsHelp()) io.out(line);
  }
  return 0;
}
