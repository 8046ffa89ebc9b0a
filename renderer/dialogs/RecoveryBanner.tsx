/** The offer to restore work the last session did not save. */
import type { Autosave } from '../host';

interface Props {
  recovery: Autosave;
  onRestore: () => void;
  onDiscard: () => void;
}

/** Names the unsaved work and when it was kept; Restore or Discard. */
export function RecoveryBanner({ recovery, onRestore, onDiscard }: Props) {
  return (
    <div className="recovery" role="alert" data-testid="recovery">
      Unsaved work{recovery.fileName ? ` on ${recovery.fileName}` : ''} from{' '}
      {new Date(recovery.savedAt).toLocaleString()} was not saved.
      <button data-testid="restore-autosave" onClick={onRestore}>
        Restore
      </button>
      <button data-testid="discard-autosave" onClick={onDiscard}>
        Discard
      </button>
    </div>
  );
}
