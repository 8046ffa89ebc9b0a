#!/usr/bin/env python3
"""Writes tests/fixtures/keras: .keras models saved by Keras itself, with inputs and Keras's own
predictions for them, so the import tests compare against Keras without needing Python.
Run from tests/fixtures/keras: python ../../../scripts/interop/make_keras_fixtures.py"""
import os, json
os.environ['TF_CPP_MIN_LOG_LEVEL']='3'
import numpy as np, keras
keras.utils.set_random_seed(3)
# functional CNN with branches, BN with non-trivial statistics, a regularizer and a compile config
inp = keras.Input(shape=(6, 6, 2), name='image')
h = keras.layers.Conv2D(3, 3, padding='same', activation='relu', name='conv')(inp)
h = keras.layers.BatchNormalization(name='bn')(h)
h = keras.layers.MaxPooling2D(2, name='pool')(h)
f = keras.layers.Flatten(name='flat')(h)
a = keras.layers.Dense(4, activation='tanh', kernel_regularizer=keras.regularizers.L2(0.01), name='a')(f)
b = keras.layers.Dense(4, name='b')(f)
s = keras.layers.Add(name='sum')([a, b])
c = keras.layers.Concatenate(name='cat')([s, b])
o = keras.layers.Dense(3, activation='softmax', name='probs')(c)
m = keras.Model(inp, o, name='keras_cnn')
m.compile(optimizer=keras.optimizers.Adam(0.005), loss='categorical_crossentropy')
for layer in m.layers:
    if layer.name == 'bn':
        g, bt, mm, mv = layer.get_weights()
        layer.set_weights([g + 0.3, bt - 0.2, mm + 0.1, mv * 1.7])
x = np.random.RandomState(0).randn(4, 6, 6, 2).astype('float32')
m.save('functional-cnn.keras')
json.dump({'inputs': x.tolist(), 'predictions': m.predict(x, verbose=0).tolist()}, open('functional-cnn.expected.json', 'w'))
# Sequential with embedding
seq = keras.Sequential([keras.Input((5,)), keras.layers.Embedding(12, 3), keras.layers.Flatten(), keras.layers.Dropout(0.2), keras.layers.Dense(2, activation='sigmoid')], name='seq_text')
seq.compile(optimizer='sgd', loss='binary_crossentropy')
xs = np.random.RandomState(1).randint(0, 12, size=(3, 5)).astype('float32')
seq.save('sequential-embedding.keras')
json.dump({'inputs': xs.tolist(), 'predictions': seq.predict(xs, verbose=0).tolist()}, open('sequential-embedding.expected.json', 'w'))
open('sequential-embedding.to_json.json', 'w').write(seq.to_json())
