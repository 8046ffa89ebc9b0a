/** The palette-to-canvas drag. */

/** MIME type of a palette drag: its data is the op's name. */
export const OP_DRAG_TYPE = 'application/x-backprop-op';
