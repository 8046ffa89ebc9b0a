/** Renderer entry: one store, the example named in `?example=` if any, the editor. */
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App, openText } from './App';
import { createEditorStore } from './store/store';
import { EXAMPLES } from './examples';
import { desktopApi, detectHost } from './host';

const store = createEditorStore();
const example = new URLSearchParams(window.location.search).get('example');
if (example && EXAMPLES[example]) openText(store, EXAMPLES[example], `${example}.json`);

// In Electron, a graph file passed on the command line opens at start.
void desktopApi()
  ?.initialFile()
  .then((file) => file && openText(store, file.text, file.name));

createRoot(document.getElementById('root')!).render(<App store={store} host={detectHost()} />);
