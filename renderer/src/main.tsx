import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api.ts';
import { ApiContext } from './api-context.ts';
import { App } from './App.tsx';
import './styles.css';

// Before anything renders: takes the web shell's token out of the address bar.
const api = createApi();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ApiContext.Provider value={api}>
      <App />
    </ApiContext.Provider>
  </StrictMode>,
);
