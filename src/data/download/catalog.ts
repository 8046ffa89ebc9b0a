/**
 * The image sets the app can download: MNIST digits and Fashion-MNIST, each four gzip-compressed
 * IDX files on a well-known mirror, with the SHA-256 of each compressed file.
 *
 * The hashes are the ones TensorFlow Datasets records for these exact files (and torchvision,
 * Keras and others list the same): MNIST from `storage.googleapis.com/cvdf-datasets/mnist/`,
 * Fashion-MNIST from Zalando's release (its Keras mirror `storage.googleapis.com/tensorflow/tf-keras-datasets/`
 * serves byte-identical files, over HTTPS).
 */

/** One file of a set. */
export interface ImageSetFile {
  /** The file's name once decompressed (`train-images-idx3-ubyte`); the mirror has `<name>.gz`. */
  name: string;
  /** SHA-256 of the `.gz` file, lower-case hex. */
  sha256: string;
  /** Size of the `.gz` file in bytes, for the progress bar before the server says it. */
  bytes: number;
}

/** The four files of a set, by role. */
export interface ImageSetFiles {
  trainImages: ImageSetFile;
  trainLabels: ImageSetFile;
  testImages: ImageSetFile;
  testLabels: ImageSetFile;
}

/** A downloadable image set. */
export interface ImageSet {
  /** The name a graph file uses (`mnist`, `fashion`). */
  id: ImageSetId;
  /** `MNIST digits`. */
  title: string;
  /** Base URL the files are fetched from (ends with `/`). */
  mirror: string;
  files: ImageSetFiles;
  /** Class names in label order. */
  classNames: string[];
}

/** The sets' names. */
export type ImageSetId = 'mnist' | 'fashion';

const IDX = (name: string, sha256: string, bytes: number): ImageSetFile => ({ name, sha256, bytes });

/** The downloadable sets. */
export const IMAGE_SETS: Record<ImageSetId, ImageSet> = {
  mnist: {
    id: 'mnist',
    title: 'MNIST digits',
    mirror: 'https://storage.googleapis.com/cvdf-datasets/mnist/',
    files: {
      trainImages: IDX(
        'train-images-idx3-ubyte',
        '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
        9912422,
      ),
      trainLabels: IDX(
        'train-labels-idx1-ubyte',
        '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
        28881,
      ),
      testImages: IDX(
        't10k-images-idx3-ubyte',
        '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
        1648877,
      ),
      testLabels: IDX(
        't10k-labels-idx1-ubyte',
        'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
        4542,
      ),
    },
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  },
  fashion: {
    id: 'fashion',
    title: 'Fashion-MNIST',
    mirror: 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/',
    files: {
      trainImages: IDX(
        'train-images-idx3-ubyte',
        '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84',
        26421880,
      ),
      trainLabels: IDX(
        'train-labels-idx1-ubyte',
        'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845',
        29515,
      ),
      testImages: IDX(
        't10k-images-idx3-ubyte',
        '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073',
        4422102,
      ),
      testLabels: IDX(
        't10k-labels-idx1-ubyte',
        '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5',
        5148,
      ),
    },
    classNames: [
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ],
  },
};

/** Prefix of the paths under which downloaded files reach a data-set loader (`cache:mnist/…`). */
export const CACHE_PREFIX = 'cache:';

/** The path a loader reads a set's decompressed file under: `cache:<set>/<name>`. */
export function cachePath(set: ImageSetId, name: string): string {
  return `${CACHE_PREFIX}${set}/${name}`;
}

/** The four files of a set as a list. */
export function setFiles(set: ImageSet): ImageSetFile[] {
  const { trainImages, trainLabels, testImages, testLabels } = set.files;
  return [trainImages, trainLabels, testImages, testLabels];
}
