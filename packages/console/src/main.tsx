/**
 * @module console
 * Baton's web console. It reads and writes only through public APIs: the AWS APIs (`api/sfn.ts`,
 * `events.ts`, `sqs.ts`, `sns.ts`, `schemas.ts`, `kinesis.ts`, `pipes.ts`) and the native API
 * (`api/native.ts`, the live stream in `api/stream.ts`). Pure logic (graphs, outcomes, timelines,
 * pagination, record decoding) lives beside the views and is unit-tested without a browser.
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
