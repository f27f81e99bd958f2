import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getBridge } from './bridge';
import { StoreProvider } from './state/context';
import { createAppStore } from './state/store';
import './styles.css';

const store = createAppStore(getBridge());
void store.getState().init();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
