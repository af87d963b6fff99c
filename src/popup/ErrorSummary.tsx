import { failureOf } from '../core/net-errors';
import type { TabRecovery } from '../core/recovery-state';
import { failureMeaning, failureTitle } from '../ui/failure-text';
import { codeMeaning, codeTitle } from './format';

/** What happened, in one heading and one plain sentence: the error the page shows now, or for a load without any answer, its kind. */
export function ErrorSummary({ tab }: { tab: TabRecovery }) {
  const failure = failureOf(tab);
  const code = tab.answeredWith ?? tab.code;
  return (
    <header class="summary" data-failure={failure}>
      <h1>
        {failure ? (
          failureTitle(failure)
        ) : (
          <>
            <span class="code tabular">{code}</span> {codeTitle(code)}
          </>
        )}
      </h1>
      <p class="host" title={tab.url}>
        <bdi dir="ltr">{tab.host}</bdi>
      </p>
      <p class="meaning">{failure ? failureMeaning(failure) : codeMeaning(code)}</p>
    </header>
  );
}
