/**
 * @module console
 * Baton's web console. It reads and writes only through public APIs: the Step Functions API
 * (`api/sfn.ts`) and the native live stream (`api/stream.ts`). Pure logic (graphs, outcomes,
 * timelines, pagination) lives beside the views and is unit-tested without a browser.
 */
import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { warmUpLayout } from './graph/layout.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Warm the graph layout engine up while the user reads the first page (see warmUpLayout).
setTimeout(
  () =>
    void warmUpLayout().then(
      () => {
        document.documentElement.dataset.layoutWarm = 'yes';
      },
      () => {},
    ),
  300,
);
