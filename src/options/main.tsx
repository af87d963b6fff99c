import { render } from 'preact';
import { applyDocumentLanguage, t } from '../ui/i18n';
import { OptionsPage } from './OptionsPage';
import { browserOptionsPort } from './options-port';

applyDocumentLanguage();
document.title = t('optionsTitle');

async function start(root: HTMLElement) {
  const port = browserOptionsPort();
  const [settings, history, shortcuts] = await Promise.all([
    port.loadSettings(),
    port.loadHistory(),
    port.loadShortcuts(),
  ]);
  render(<OptionsPage port={port} initial={{ settings, history, shortcuts }} />, root);
  // A link to a section (`#operated-sites`, `#history`) arrives before the section exists: go there now.
  const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  target?.scrollIntoView();
}

const root = document.getElementById('app');
if (root) void start(root);
