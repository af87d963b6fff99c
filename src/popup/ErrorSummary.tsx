import { failureOf } from '../core/net-errors';
import type { TabRecovery } from '../core/recovery-state';
import { failureMeaning, failureTitle } from '../ui/failure-text';
import { codeMeaning, codeTitle } from './format';

/** What happened, in one heading and one plain sentence: the code, or for a load without any answer, its kind. */
export function ErrorSummary({ tab }: { tab: TabRecovery }) {
  const failure = failureOf(tab);
  return (
    <header class="summary" data-failure={failure}>
      <h1>
        {failure ? (
          failureTitle(failure)
        ) : (
          <>
            <span class="code tabular">{tab.code}</span> {codeTitle(tab.code)}
          </>
        )}
      </h1>
      <p class="host" title={tab.url}>
        <bdi dir="ltr">{tab.host}</bdi>
      </p>
      <p class="meaning">{failure ? failureMeaning(failure) : codeMeaning(tab.code)}</p>
    </header>
  );
}
