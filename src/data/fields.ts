/**
 * What the Training tab shows for a data set, derived from the registry: the kinds to choose from
 * and one field per declared option with its bounds and current value. Pure functions, so they
 * are tested without React.
 */
import type { DatasetKindName, DatasetSpec } from './registry';
import { DATASET_KINDS, findDatasetKind } from './registry';

/** A number field of the data-set section. */
export interface DatasetNumberField {
  /** The option's name in the spec. */
  key: string;
  type: 'int' | 'number';
  label: string;
  doc: string;
  min: number;
  max: number;
  /** The spec's value, or the declared default when the spec leaves it out. */
  value: number;
}

/** A checkbox of the data-set section. */
export interface DatasetCheckField {
  key: string;
  type: 'boolean';
  label: string;
  doc: string;
  value: boolean;
}

/** One field of the data-set section. */
export type DatasetField = DatasetNumberField | DatasetCheckField;

/** An entry of the data-set chooser. */
export interface DatasetChoice {
  kind: DatasetKindName;
  title: string;
}

/**
 * The kinds the chooser lists: every built-in one, plus the current kind when it can only come from
 * a file (examples written in the file, IDX files). Kinds offered through an import dialog (CSV)
 * are left to the caller, which shows them as an import action.
 */
export function datasetChoices(current: DatasetKindName): DatasetChoice[] {
  return DATASET_KINDS.filter(
    (k) => k.offer === 'builtin' || (k.offer === 'file-only' && k.kind === current),
  ).map((k) => ({ kind: k.kind, title: k.title }));
}

/** The fields of a spec's declared options, in declaration order, with current or default values. */
export function datasetFields(spec: DatasetSpec): DatasetField[] {
  const kind = findDatasetKind(spec.kind);
  if (!kind) return [];
  const values = spec as Readonly<Record<string, unknown>>;
  return Object.entries(kind.options).map(([key, decl]): DatasetField => {
    const { label, doc } = decl;
    if (decl.type === 'boolean') {
      const v = values[key];
      return { key, type: 'boolean', label, doc, value: typeof v === 'boolean' ? v : decl.default };
    }
    const v = values[key];
    return {
      key,
      type: decl.type,
      label,
      doc,
      min: decl.min,
      max: decl.max,
      value: typeof v === 'number' ? v : decl.default,
    };
  });
}
