import type { CaseCreate } from '@gongzhi/contracts';
import { checkMobile } from '@gongzhi/contracts/personal-data';
import { type FormEvent, useCallback, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, messageOf } from '../api';
import { rememberCase } from '../cases/localCases';
import { useLang } from '../i18n';
import { sessionGone, useSession } from '../session';
import { useCategories } from './categories';
import { CategoryField } from './CategoryField';
import { draftKeeper, once } from './draft';
import { LocationField } from './LocationField';
import type { LngLat } from './MapPicker';
import { PhotoField } from './PhotoField';
import { ReportDone, type Created } from './ReportDone';
import { useClassify } from './useClassify';

type Errors = Partial<Record<'description' | 'location' | 'phone', string>>;

const keeper = draftKeeper(typeof localStorage === 'undefined' ? null : localStorage);

/** 反映问题: description with the classification assist, place, photos, contact; one case per draft. */
export function ReportPage() {
  const { t } = useLang();
  const { me, lost } = useSession();
  const tree = useCategories();
  const [form, setForm] = useState({ description: '', categoryCode: '', address: '', phone: '', name: '', consent: true });
  const [location, setLocation] = useState<LngLat | null>(null);
  const [placeProblem, setPlaceProblem] = useState<string | null>(null);
  const [photos, setPhotos] = useState<{ ids: string[]; busy: boolean }>({ ids: [], busy: false });
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [done, setDone] = useState<Created | null>(null);
  const [formKey, setFormKey] = useState(0);
  const { suggestion, busy } = useClassify(form.description);
  const signedIn = !!me;
  const summary = useRef<HTMLParagraphElement>(null);

  const set = <K extends keyof typeof form>(k: K, v: (typeof form)[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    // A field being corrected stops showing its error (the summary counts what is left).
    if (k in errors) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([f]) => f !== k)));
  };
  const onPhotos = useCallback((v: { ids: string[]; busy: boolean }) => setPhotos(v), []);

  const validate = (): Errors => {
    const e: Errors = {};
    const d = form.description.trim();
    if (d.length < 5) e.description = t('report.errors.description');
    else if (d.length > 2000) e.description = t('report.errors.descriptionLong');
    if (!location) e.location = t('report.errors.location');
    const phone = form.phone.trim();
    if ((!signedIn && !phone) || (phone && !checkMobile(phone).ok)) e.phone = t('report.errors.phone');
    return e;
  };

  // One request at a time whatever the taps; the draft's key makes a retry answer the same case.
  const send = useMemo(
    () =>
      once(async (body: CaseCreate) => {
        return api<Created>('/api/cases', { method: 'POST', body, headers: { 'idempotency-key': keeper.key() } });
      }),
    [],
  );

  const submit = async (ev?: FormEvent) => {
    ev?.preventDefault();
    setServerError(null);
    const e = validate();
    setErrors(e);
    if (Object.keys(e).length > 0) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    if (placeProblem) return;
    if (photos.busy) {
      setServerError(t('report.photoBusy'));
      return;
    }
    const phone = form.phone.trim();
    const body: CaseCreate = {
      channel: 'resident_app',
      description: form.description.trim(),
      location: location!,
      address: form.address.trim(),
      photoIds: photos.ids,
      ...(form.categoryCode ? { categoryCode: form.categoryCode } : {}),
      reporter: {
        ...(phone ? { phone } : {}),
        ...(form.name.trim() ? { name: form.name.trim() } : {}),
        contactConsent: form.consent,
      },
    };
    setSubmitting(true);
    try {
      const created = await send(body);
      if (!signedIn) rememberCase({ number: created.case.number, title: created.case.title, reportedAt: created.case.receivedAt });
      keeper.reset();
      setMismatch(false);
      setDone(created);
    } catch (err) {
      if (sessionGone(err)) lost();
      if (err instanceof ApiError && err.code === 'IDEMPOTENCY_MISMATCH') setMismatch(true);
      setServerError(messageOf(err));
    } finally {
      setSubmitting(false);
    }
  };

  const restart = () => {
    setDone(null);
    setForm((f) => ({ ...f, description: '', categoryCode: '', address: '' }));
    setLocation(null);
    setErrors({});
    setServerError(null);
    setFormKey((k) => k + 1);
    window.scrollTo(0, 0);
  };

  if (done) return <ReportDone created={done} signedIn={signedIn} onAnother={restart} />;

  const errorCount = Object.keys(errors).length;
  return (
    <form className="page report" onSubmit={submit} noValidate data-testid="report-form" key={formKey}>
      <h1>{t('report.heading')}</h1>
      <p className="muted">{t('report.intro')}</p>
      {errorCount > 0 && (
        <p className="error-summary" role="alert" tabIndex={-1} ref={summary} data-testid="report-errors">
          {t('report.errors.summary', { n: errorCount })}
        </p>
      )}

      <div className="field">
        <label htmlFor="report-description">
          {t('report.description')} <span className="req">*</span>
        </label>
        <textarea
          id="report-description"
          data-testid="report-description"
          rows={4}
          maxLength={2000}
          placeholder={t('report.descriptionPlaceholder')}
          value={form.description}
          aria-invalid={!!errors.description}
          aria-describedby={`description-hint${errors.description ? ' description-error' : ''}`}
          onChange={(e) => set('description', e.target.value)}
        />
        <div className="hint-row">
          <span id="description-hint" className="hint">
            {t('report.descriptionHint')}
          </span>
          <span className="hint">{t('report.descriptionCount', { n: form.description.length })}</span>
        </div>
        {errors.description && (
          <p className="error" id="description-error">
            {errors.description}
          </p>
        )}
      </div>

      <CategoryField tree={tree} value={form.categoryCode} onChange={(c) => set('categoryCode', c)} suggestion={suggestion} busy={busy} />

      <LocationField
        value={location}
        onChange={(p) => {
          setLocation(p);
          setErrors(({ location: _drop, ...rest }) => rest);
        }}
        onValidity={setPlaceProblem}
        error={errors.location ?? null}
      />
      <div className="field">
        <label htmlFor="report-address">
          {t('report.address')} <span className="opt">{t('common.optional')}</span>
        </label>
        <input id="report-address" data-testid="report-address" maxLength={200} placeholder={t('report.addressPlaceholder')} value={form.address} onChange={(e) => set('address', e.target.value)} />
      </div>

      <PhotoField key={formKey} onChange={onPhotos} />

      <fieldset className="field">
        <legend>{t('report.contact')}</legend>
        {me ? (
          <p className="muted">{t('report.asUser', { name: me.user.displayName })}</p>
        ) : (
          <p className="muted">
            {t('report.anonNote')} <Link to="/login?next=/">{t('report.signInInstead')}</Link>
          </p>
        )}
        <label htmlFor="report-phone">
          {t('report.phone')} {signedIn ? <span className="opt">{t('common.optional')}</span> : <span className="req">*</span>}
        </label>
        <input
          id="report-phone"
          data-testid="report-phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          maxLength={20}
          value={form.phone}
          aria-invalid={!!errors.phone}
          aria-describedby={`phone-hint${errors.phone ? ' phone-error' : ''}`}
          onChange={(e) => set('phone', e.target.value)}
        />
        <span id="phone-hint" className="hint">
          {signedIn ? t('report.phoneHintSignedIn') : t('report.phoneHintAnon')}
        </span>
        {errors.phone && (
          <p className="error" id="phone-error">
            {errors.phone}
          </p>
        )}
        {!signedIn && (
          <>
            <label htmlFor="report-name">
              {t('report.name')} <span className="opt">{t('common.optional')}</span>
            </label>
            <input id="report-name" data-testid="report-name" maxLength={30} autoComplete="name" placeholder={t('report.namePlaceholder')} value={form.name} onChange={(e) => set('name', e.target.value)} />
          </>
        )}
        <label className="check">
          <input type="checkbox" data-testid="report-consent" checked={form.consent} onChange={(e) => set('consent', e.target.checked)} />
          {t('report.consent')}
        </label>
      </fieldset>

      {serverError && (
        <div className="error-box" role="alert" data-testid="report-server-error">
          <p>{serverError}</p>
          {mismatch && (
            <>
              <p>{t('report.mismatch')}</p>
              <button
                type="button"
                className="btn"
                onClick={() => {
                  keeper.reset();
                  setMismatch(false);
                  void submit();
                }}
              >
                {t('report.submitAsNew')}
              </button>
            </>
          )}
        </div>
      )}

      <div className="submit-bar">
        <button type="submit" className="btn btn-primary btn-block" data-testid="report-submit" disabled={submitting} aria-busy={submitting}>
          {submitting ? t('report.submitting') : t('report.submit')}
        </button>
      </div>
    </form>
  );
}
