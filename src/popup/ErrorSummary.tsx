import type { TabRecovery } from '../core/recovery-state';
import { codeMeaning, codeTitle } from './format';

/** What happened, in one heading and one plain sentence. */
export function ErrorSummary({ tab }: { tab: TabRecovery }) {
  return (
    <header class="summary">
      <h1>
        <span class="code tabular">{tab.code}</span> {codeTitle(tab.code)}
      </h1>
      <p class="host" title={tab.url}>
        <bdi dir="ltr">{tab.host}</bdi>
      </p>
      <p class="meaning">{codeMeaning(tab.code)}</p>
    </header>
  );
}
