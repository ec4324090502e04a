import { createRoot } from 'react-dom/client';

// The wizard and dashboard arrive with the desktop-app issue; this entry proves the build
// plumbing (Vite, React, strict TypeScript) and gives the browser tests a page to load.
function App() {
  return (
    <main>
      <h1>PersistCert</h1>
      <p>TLS certificates with ACME dns-persist-01: publish one DNS record once, renew forever.</p>
    </main>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
