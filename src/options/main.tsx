import { render } from 'preact';
import { applyDocumentLanguage, t } from '../ui/i18n';

applyDocumentLanguage();
const root = document.getElementById('app');
if (root) render(<h1>{t('optionsTitle')}</h1>, root);
