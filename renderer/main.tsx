/** Renderer entry: one store, the example named in `?example=` if any, the editor. */
import './zod-jitless';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App } from './App';
import { openText } from './editor/openText';
import { createEditorStore } from './store/store';
import { EXAMPLES } from './examples';
import { detectHost } from './host';
import { TrainingClient } from './run/client';
import type { WorkerPort } from './run/client';
import { createRunStore } from './run/runStore';

const store = createEditorStore();
const host = detectHost();
const example = new URLSearchParams(window.location.search).get('example');
if (example && EXAMPLES[example]) openText(store, EXAMPLES[example], `${example}.json`);

// In Electron, a graph file passed on the command line opens at start.
void host.initialFile().then((file) => file && openText(store, file.text, file.name));

// Training runs in a Web Worker so the canvas never waits for the backend.
const worker = new Worker(new URL('./run/training.worker.ts', import.meta.url), { type: 'module' });
const client = new TrainingClient(worker as unknown as WorkerPort, createRunStore());

createRoot(document.getElementById('root')!).render(<App store={store} host={host} client={client} />);
