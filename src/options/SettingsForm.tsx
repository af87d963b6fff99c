import { NET_FAILURES, type NetFailure } from '../core/net-errors';
import { LIMITS, LISTED_CODES, type Settings } from '../core/settings';
import { failureTitle } from '../ui/failure-text';
import { t } from '../ui/i18n';
import { ConfirmButton } from './ConfirmButton';
import { codeMeaning } from './labels';
import { NumberSetting } from './NumberSetting';
import { SiteListEditor } from './SiteListEditor';

interface Props {
  settings: Settings;
  /** Gets a change to apply to the latest settings. */
  onChange(change: (current: Settings) => Settings): void;
  /** Whether settings still fit into one storage.sync item. */
  fits(next: Settings): boolean;
  onReset(): void;
  /** False where the browser shows no notifications for extensions: the setting says so instead. */
  canNotify: boolean;
}

function Toggle({
  id,
  label,
  hint,
  checked,
  disabled = false,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  disabled?: boolean;
  onChange(checked: boolean): void;
}) {
  return (
    <div class="toggle">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}

export function SettingsForm({ settings, onChange, fits, onReset, canNotify }: Props) {
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) =>
    onChange((current) => ({ ...current, [key]: value }));
  const setCode = (code: number, on: boolean) =>
    onChange((current) => {
      const others = current.codes.filter((c) => c !== code);
      return { ...current, codes: on ? [...others, code] : others };
    });
  const setFailure = (kind: NetFailure, on: boolean) =>
    onChange((current) => {
      const others = current.failures.filter((f) => f !== kind);
      return { ...current, failures: NET_FAILURES.filter((f) => (f === kind ? on : others.includes(f))) };
    });
  const setSites = (key: 'excludedSites' | 'operatedSites') => (sites: string[]) => {
    if (!fits({ ...settings, [key]: sites })) return false;
    set(key, sites);
    return true;
  };

  return (
    <section id="settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('options_settingsHeading')}</h2>
      <div class="card">
        <Toggle
          id="enabled"
          label={t('options_enabledLabel')}
          hint={t('options_enabledHint')}
          checked={settings.enabled}
          onChange={(on) => set('enabled', on)}
        />
      </div>

      <fieldset class="card" id="codes">
        <legend>{t('options_codesLegend')}</legend>
        <p class="hint">{t('options_codesHint')}</p>
        <ul class="codes">
          {LISTED_CODES.map((code) => (
            <li key={code}>
              <input
                id={`code-${code}`}
                type="checkbox"
                checked={settings.codes.includes(code)}
                onChange={(e) => setCode(code, e.currentTarget.checked)}
              />
              <label for={`code-${code}`}>
                <span class="code tabular">{code}</span> {codeMeaning(code)}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>

      <fieldset class="card" id="failures">
        <legend>{t('options_failuresLegend')}</legend>
        <p class="hint">{t('options_failuresHint')}</p>
        <ul class="codes">
          {NET_FAILURES.map((kind) => (
            <li key={kind}>
              <input
                id={`failure-${kind}`}
                type="checkbox"
                checked={settings.failures.includes(kind)}
                onChange={(e) => setFailure(kind, e.currentTarget.checked)}
              />
              <label for={`failure-${kind}`}>{failureTitle(kind)}</label>
            </li>
          ))}
        </ul>
      </fieldset>

      <fieldset class="card" id="timing">
        <legend>{t('options_timingLegend')}</legend>
        <NumberSetting
          id="max-attempts"
          label={t('options_maxAttemptsLabel')}
          hint={t('options_maxAttemptsHint')}
          value={settings.maxAttempts}
          min={LIMITS.maxAttempts.min}
          max={LIMITS.maxAttempts.max}
          onChange={(n) => set('maxAttempts', n)}
        />
        <NumberSetting
          id="max-delay"
          label={t('options_maxDelayLabel')}
          hint={t('options_maxDelayHint')}
          value={settings.maxDelaySeconds}
          min={LIMITS.maxDelaySeconds.min}
          max={LIMITS.maxDelaySeconds.max}
          onChange={(n) => set('maxDelaySeconds', n)}
        />
        <Toggle
          id="notify"
          label={t('options_notifyLabel')}
          hint={canNotify ? t('options_notifyHint') : t('options_notifyUnavailable')}
          checked={canNotify && settings.notifyOnRecovery}
          disabled={!canNotify}
          onChange={(on) => set('notifyOnRecovery', on)}
        />
        <Toggle
          id="provider-status"
          label={t('options_providerStatusLabel')}
          hint={t('options_providerStatusHint')}
          checked={settings.providerStatus}
          onChange={(on) => set('providerStatus', on)}
        />
      </fieldset>

      <SiteListEditor
        id="excluded-sites"
        title={t('options_excludedTitle')}
        hint={t('options_excludedHint')}
        sites={settings.excludedSites}
        onChange={setSites('excludedSites')}
      />
      <SiteListEditor
        id="operated-sites"
        title={t('options_operatedTitle')}
        hint={t('options_operatedHint')}
        sites={settings.operatedSites}
        onChange={setSites('operatedSites')}
      />

      <div class="reset-row">
        <ConfirmButton
          id="reset"
          label={t('options_reset')}
          question={t('options_resetQuestion')}
          confirmLabel={t('options_resetConfirm')}
          onConfirm={onReset}
        />
      </div>
    </section>
  );
}
