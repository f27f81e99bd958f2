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
const report = (message: string, stack?: string) => {
  if (++reported > 20) return;
  void store.getState().request('app:reportError', { where: 'an event handler or promise', message: message.slice(0, 2_000), stack: stack?.slice(0, 8_000) });
};
addEventListener('error', (e) => (e.error instanceof Error ? report(e.error.message, e.error.stack) : report(e.message)));
addEventListener('unhandledrejection', (e) => report(e.reason instanceof Error ? e.reason.message : String(e.reason), e.reason instanceof Error ? e.reason.stack : undefined));
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
