import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getBridge } from './bridge';
import { StoreProvider } from './state/context';
import { createAppStore } from './state/store';
import './styles.css';

const store = createAppStore(getBridge());
void store.getState().init();

// Errors outside rendering (a handler, a promise nobody awaited) do not stop a view but still belong in
// the log, where diagnostics find them; the first 20 are enough to tell what went wrong.
let reported = 0;
const report = (error: unknown) =>
  ++reported <= 20 && store.getState().reportError('an event handler or promise', error);
addEventListener('error', (e) => report(e.error instanceof Error ? e.error : e.message));
addEventListener('unhandledrejection', (e) => report(e.reason));
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
