import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { session } from './api/session-store.js';
import { App } from './App.js';
import { I18nProvider } from './i18n/index.js';
import './styles.css';

void session.restore();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
