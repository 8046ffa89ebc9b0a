/** How the view fits a graph: a margin, and never larger than 100 % (one new node would fill the screen). */
export const FIT = { padding: 0.15, maxZoom: 1 } as const;
