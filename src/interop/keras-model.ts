/**
 * A Keras functional model as both Keras file formats see it, independent of how each spells it:
 * the Keras 3 `.keras` archive (`config.json`) and the Keras 2 topology that TensorFlow.js's
 * `model.json` and old `model.to_json()` files use. Export builds one from a graph and serializes
 * it; import parses either spelling into one and builds a graph from it.
 */

/** A dimension of a Keras shape: a size, or null for the batch (or another free) axis. */
export type KerasDim = number | null;

/** One weight of a layer, in the order Keras stores the layer's variables. */
export interface KerasWeight {
  /** Keras's name for it within the layer (`kernel`, `bias`, `gamma`, `moving_mean`, `embeddings`). */
  name: string;
  /** Shape, without a batch axis. */
  shape: number[];
  /** Values in row-major order. */
  values: ArrayLike<number>;
}

/** One layer of the model. */
export interface KerasLayer {
  /** Layer name, unique in the model (our node id on export). */
  name: string;
  /** Keras class (`Dense`, `Conv2D`, `InputLayer`…). */
  className: string;
  /**
   * The layer's own settings in Keras's snake_case spelling, without `name`, `dtype` and
   * `trainable` (each format adds those its way). An InputLayer keeps its shape in `batch_shape`.
   */
  config: Record<string, unknown>;
  /** Names of the layers whose outputs this one is called on, in call order. */
  inbound: string[];
  /** The layer's variables: trainable ones first, then the others, as Keras orders them. */
  weights: KerasWeight[];
  /** Output shape with a null batch axis, where known (export knows it; import may not). */
  outputShape?: KerasDim[];
}

/** How the model was trained, as far as Keras can say it. */
export interface KerasTraining {
  /** Loss in Keras 3 form: a name (`mean_squared_error`) or a serialized loss object. */
  loss: string | { class_name: string; config: Record<string, unknown> };
  /** Optimizer class and snake_case config (`Adam`, `{ learning_rate: 0.01, beta_1: 0.9 }`). */
  optimizer: { className: string; config: Record<string, unknown> };
}

/** A functional model: layers in the order Keras lists them, with its inputs and outputs. */
export interface KerasModel {
  /** Model name. */
  name: string;
  /** Layers; every layer appears after the layers it is called on. */
  layers: KerasLayer[];
  /** Names of the InputLayers, in input order. */
  inputs: string[];
  /** Names of the layers whose outputs are the model's outputs. */
  outputs: string[];
  /** Compile settings, when the model has them. */
  training?: KerasTraining;
}
