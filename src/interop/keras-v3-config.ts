/**
 * A model as Keras 3 serializes it in `config.json`: layers with their module, a dtype policy,
 * nested objects (initializers, regularizers, losses, optimizers) wrapped with their module, and
 * inbound nodes as calls on `__keras_tensor__` arguments.
 */
import type { KerasLayer, KerasModel } from './keras-model';

type Json = Record<string, unknown>;

const DTYPE = {
  module: 'keras',
  class_name: 'DTypePolicy',
  config: { name: 'float32' },
  registered_name: null,
};

/** Modules of the nested objects a layer config holds, by config key suffix. */
function moduleOf(key: string): string | null {
  if (key.endsWith('_initializer')) return 'keras.initializers';
  if (key.endsWith('_regularizer')) return 'keras.regularizers';
  return null;
}

/** A layer's config with its nested objects in Keras 3 form. */
function nested(config: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(config)) {
    const module = moduleOf(key);
    out[key] =
      module && value && typeof value === 'object' ? { module, ...value, registered_name: null } : value;
  }
  return out;
}

/** A symbolic tensor argument naming the layer that produces it. */
function tensor(from: KerasLayer): Json {
  return {
    class_name: '__keras_tensor__',
    config: { shape: from.outputShape ?? null, dtype: 'float32', keras_history: [from.name, 0, 0] },
  };
}

function layerJson(layer: KerasLayer, byName: Map<string, KerasLayer>): Json {
  if (layer.className === 'InputLayer')
    return {
      module: 'keras.layers',
      class_name: 'InputLayer',
      config: {
        batch_shape: layer.config.batch_shape,
        dtype: 'float32',
        sparse: false,
        ragged: false,
        name: layer.name,
      },
      registered_name: null,
      name: layer.name,
      inbound_nodes: [],
    };
  const args = layer.inbound.map((n) => tensor(byName.get(n)!));
  // Merge layers take their inputs as one list argument; the others one tensor.
  const merge = ['Add', 'Multiply', 'Concatenate'].includes(layer.className);
  return {
    module: 'keras.layers',
    class_name: layer.className,
    config: { name: layer.name, trainable: true, dtype: DTYPE, ...nested(layer.config) },
    registered_name: null,
    name: layer.name,
    inbound_nodes: [{ args: merge ? [args] : args, kwargs: {} }],
  };
}

/** One tensor reference `[name, 0, 0]`, or a list of them for several. */
const refs = (names: string[]) => (names.length === 1 ? [names[0], 0, 0] : names.map((n) => [n, 0, 0]));

/**
 * Config keys Keras 3 checks to be floats: JSON writes a whole number such as a learning rate of
 * 5 as `5`, which Python reads as an int and Keras's optimizers refuse.
 */
const FLOAT_KEYS = [
  'learning_rate',
  'momentum',
  'rho',
  'epsilon',
  'beta_1',
  'beta_2',
  'initial_accumulator_value',
  'rate',
  'l1',
  'l2',
  'alpha',
  'negative_slope',
  'minval',
  'maxval',
  'scale',
];

/** JSON text of a Keras 3 config, whole numbers under the float keys written as `5.0`. */
export function keras3Json(config: Json): string {
  const pattern = new RegExp(`"(${FLOAT_KEYS.join('|')})":(-?\\d+)(?=[,}])`, 'g');
  return JSON.stringify(config).replace(pattern, '"$1":$2.0');
}

/** `config.json` of a `.keras` archive for a model whose layers are in Keras's order. */
export function keras3Config(model: KerasModel): Json {
  const byName = new Map(model.layers.map((l) => [l.name, l]));
  const training = model.training;
  const loss = training?.loss;
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: {
      name: model.name,
      trainable: true,
      layers: model.layers.map((l) => layerJson(l, byName)),
      input_layers: refs(model.inputs),
      output_layers: refs(model.outputs),
    },
    registered_name: 'Functional',
    build_config: { input_shape: null },
    ...(training
      ? {
          compile_config: {
            optimizer: {
              module: 'keras.optimizers',
              class_name: training.optimizer.className,
              config: training.optimizer.config,
              registered_name: null,
            },
            loss:
              typeof loss === 'string' ? loss : { module: 'keras.losses', ...loss, registered_name: null },
            loss_weights: null,
            metrics: null,
            weighted_metrics: null,
            run_eagerly: false,
            steps_per_execution: 1,
            jit_compile: false,
          },
        }
      : {}),
  };
}
