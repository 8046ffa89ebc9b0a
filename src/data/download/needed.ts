/** The error of a data set whose files are downloadable but not downloaded yet. */
import { DatasetError } from '../dataset';
import { IMAGE_SETS } from './catalog';
import type { ImageSetId } from './catalog';

/**
 * Raised by a loader whose set is not on this machine yet. It is not a fault of the graph: the
 * editor shows it as a warning with a "Get …" button, not as an error, and the CLI says `--download`.
 */
export class DataNeededError extends DatasetError {
  constructor(readonly set: ImageSetId) {
    const { title } = IMAGE_SETS[set];
    super(
      `${title} is not on this machine yet: press "Get ${title}" in the Training tab (or choose its IDX files), or run the CLI with --download`,
    );
    this.name = 'DataNeededError';
  }
}
