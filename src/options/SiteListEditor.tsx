import { useEffect, useRef, useState } from 'preact/hooks';
import { LIMITS } from '../core/settings';
import { validateSitePattern } from '../core/site-pattern';
import { t } from '../ui/i18n';
import { type SiteListError, siteErrorMessage } from './labels';

interface Props {
  id: string;
  title: string;
  hint: string;
  sites: string[];
  /** Saves the new list; false when it does not fit into storage. */
  onChange(sites: string[]): Promise<boolean> | boolean;
}

export function checkNewSite(
  text: string,
  sites: readonly string[],
): { pattern: string } | { error: SiteListError } {
  const checked = validateSitePattern(text);
  if (!checked.ok) return { error: checked.error };
  if (sites.includes(checked.pattern)) return { error: 'duplicate' };
  if (sites.length >= LIMITS.sites) return { error: 'too-many' };
  return { pattern: checked.pattern };
}

/** A list of site patterns with add and remove. What is typed is checked at once; nothing invalid is saved. */
export function SiteListEditor({ id, title, hint, sites, onChange }: Props) {
  const [text, setText] = useState('');
  // An empty field is only an error once the visitor tried to add it.
  const [triedEmpty, setTriedEmpty] = useState(false);
  const [refused, setRefused] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);

  const check = checkNewSite(text, sites);
  const error: SiteListError | null = refused
    ? 'too-many'
    : 'error' in check && (check.error !== 'empty' || triedEmpty)
      ? check.error
      : null;

  const add = async () => {
    if ('error' in check) {
      setTriedEmpty(true);
      input.current?.focus();
      return;
    }
    if (!(await onChange([...sites, check.pattern]))) {
      setRefused(true);
      return;
    }
    setText('');
    setTriedEmpty(false);
  };

  // After a removal, focus goes to the next remove button (or the field), not to the top of the page.
  const focusAfterRemove = useRef<number | null>(null);
  useEffect(() => {
    const index = focusAfterRemove.current;
    if (index === null) return;
    focusAfterRemove.current = null;
    const buttons = list.current?.querySelectorAll('button');
    (buttons?.[Math.min(index, buttons.length - 1)] ?? input.current)?.focus();
  }, [sites]);

  const remove = (index: number) => {
    focusAfterRemove.current = index;
    setRefused(false);
    void onChange(sites.filter((_, i) => i !== index));
  };

  return (
    <fieldset class="card" id={id}>
      <legend>{title}</legend>
      <p class="hint" id={`${id}-hint`}>
        {hint}
        <span class="pattern-hint">{t('options_sitePatternHint')}</span>
      </p>
      <div class="add-row">
        <label for={`${id}-input`}>{t('options_siteInputLabel')}</label>
        <input
          ref={input}
          id={`${id}-input`}
          type="text"
          inputMode="url"
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          placeholder="example.com"
          value={text}
          aria-invalid={error !== null}
          aria-describedby={`${id}-error ${id}-hint`}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setRefused(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void add();
            }
          }}
        />
        <button type="button" onClick={() => void add()}>
          {t('options_siteAdd')}
        </button>
      </div>
      <p class="field-error" id={`${id}-error`}>
        {error ? siteErrorMessage(error) : ''}
      </p>
      {sites.length > 0 ? (
        <ul class="site-list" ref={list} aria-label={title}>
          {sites.map((site, i) => (
            <li key={site}>
              <bdi class="site" dir="ltr">
                {site}
              </bdi>
              <button type="button" aria-label={t('options_siteRemoveLabel', site)} onClick={() => remove(i)}>
                {t('options_siteRemove')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted empty-list">{t('options_siteListEmpty')}</p>
      )}
    </fieldset>
  );
}
