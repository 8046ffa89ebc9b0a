/** The right-hand side: the Inspector tab (inspector and problems) or the Training tab. */
import type { Diagnostic } from '../../src/graph/diagnostics';
import { Inspector } from '../panels/Inspector';
import { ProblemsPanel } from '../panels/ProblemsPanel';
import type { TrainingClient } from '../run/client';
import type { EditorStore } from '../store/store';
import { TrainingPanel } from '../training/TrainingPanel';
import type { CoachPanel } from '../coach/CoachPanel';
import type { ComponentProps } from 'react';

/** The side panel's tabs. */
export type SideTab = 'inspector' | 'training';

interface Props {
  store: EditorStore;
  client: TrainingClient;
  tab: SideTab;
  onTab: (tab: SideTab) => void;
  diagnostics: Diagnostic[];
  /** A problem was clicked. */
  onPick: (d: Diagnostic) => void;
  onRegroup: (action: 'expand' | 'collapse', id: string) => void;
  saveWeights: boolean;
  onSaveWeightsChange: (v: boolean) => void;
  /** The training coach's advice and what its buttons do. */
  coach: ComponentProps<typeof CoachPanel>;
}

const TABS: [SideTab, string][] = [
  ['inspector', 'Inspector'],
  ['training', 'Training'],
];

/** The tabs and the open tab's panels. */
export function SidePanel(props: Props) {
  const { store, client, tab } = props;
  return (
    <div className="side">
      <nav className="tabs" role="tablist">
        {TABS.map(([id, title]) => (
          <button
            key={id}
            role="tab"
            aria-selected={tab === id}
            data-testid={`tab-${id}`}
            onClick={() => props.onTab(id)}
          >
            {title}
          </button>
        ))}
      </nav>
      {tab === 'inspector' ? (
        <>
          <Inspector
            store={store}
            onExpand={(id) => props.onRegroup('expand', id)}
            onCollapse={(id) => props.onRegroup('collapse', id)}
          />
          <ProblemsPanel diagnostics={props.diagnostics} run={client.run} onPick={props.onPick} />
        </>
      ) : (
        <TrainingPanel
          store={store}
          client={client}
          saveWeights={props.saveWeights}
          onSaveWeightsChange={props.onSaveWeightsChange}
          coach={props.coach}
        />
      )}
    </div>
  );
}
