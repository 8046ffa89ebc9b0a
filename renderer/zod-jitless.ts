/**
 * zod compiles fast parsers with `new Function` when the page allows eval; the app's strict CSP
 * does not, and zod's one-time probe would log a violation. Jitless parsing is fast enough for
 * graph files. Imported first by every renderer entry (the page and the training worker).
 */
import { z } from 'zod';

z.config({ jitless: true });
