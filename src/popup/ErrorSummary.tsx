import type { TabRecovery } from '../core/recovery-state';
import { codeMeaning, codeTitle } from './format';

/** What happened, in one heading and one plain sentence: the error the page shows now. */
export function ErrorSummary({ tab }: { tab: TabRecovery }) {
  const code = tab.answeredWith ?? tab.code;
  return (
    <header class="summary">
      <h1>
        <span class="code tabular">{code}</span> {codeTitle(code)}
      </h1>
      <p class="host" title={tab.url}>
        <bdi dir="ltr">{tab.host}</bdi>
      </p>
      <p class="meaning">{codeMeaning(code)}</p>
    </header>
  );
}
