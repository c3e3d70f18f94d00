import { useEffect, useRef, useState } from 'react';
import { api, messageOf } from '../api';
import { useLang } from '../i18n';
import { compressPhoto } from '../../shared/compress-photo';
import { photoRules, takePhotos } from '../../shared/photo-rules';

type Item = {
  key: number;
  preview: string;
  state: 'compressing' | 'uploading' | 'done' | 'error';
  blob?: Blob;
  photoId?: string;
  error?: string;
};

type Props = { onChange: (v: { ids: string[]; busy: boolean }) => void };

type PhotoUploaded = { id: string };

let seq = 0;

/** Up to 6 photos, each compressed in the browser and uploaded as soon as it is picked. */
export function PhotoField({ onChange }: Props) {
  const { t } = useLang();
  const [items, setItems] = useState<Item[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const update = (key: number, patch: Partial<Item>) => setItems((xs) => xs.map((x) => (x.key === key ? { ...x, ...patch } : x)));

  useEffect(() => {
    onChange({ ids: items.filter((i) => i.photoId).map((i) => i.photoId!), busy: items.some((i) => i.state === 'compressing' || i.state === 'uploading') });
  }, [items, onChange]);

  // Previews are object URLs: free them with the component.
  const previews = useRef(new Set<string>());
  useEffect(() => () => previews.current.forEach((u) => URL.revokeObjectURL(u)), []);

  const upload = async (key: number, blob: Blob) => {
    update(key, { state: 'uploading', error: undefined });
    try {
      const r = await api<PhotoUploaded>('/api/cases/photos', { method: 'POST', raw: blob, contentType: blob.type || 'image/jpeg' });
      update(key, { state: 'done', photoId: r.id });
    } catch (err) {
      update(key, { state: 'error', error: messageOf(err) });
    }
  };

  const add = async (files: File[]) => {
    const { taken, dropped } = takePhotos(files, items.length);
    setNote(dropped > 0 ? t('report.photoTooMany') : null);
    for (const file of taken) {
      const key = ++seq;
      const preview = URL.createObjectURL(file);
      previews.current.add(preview);
      setItems((xs) => [...xs, { key, preview, state: 'compressing' }]);
      let blob: Blob;
      try {
        blob = await compressPhoto(file);
      } catch {
        update(key, { state: 'error', error: t('report.photoUnreadable') });
        continue;
      }
      update(key, { blob });
      await upload(key, blob);
    }
  };

  const remove = (key: number) => setItems((xs) => xs.filter((x) => x.key !== key));
  const full = items.length >= photoRules.maxPhotos;

  return (
    <div className="field">
      <span className="label" id="photos-label">
        {t('report.photos')}
      </span>
      <ul className="photos" aria-labelledby="photos-label" data-testid="report-photos">
        {items.map((it, i) => (
          <li key={it.key} className={`photo photo-${it.state}`} data-state={it.state}>
            <img src={it.preview} alt={t('report.photoAlt', { n: i + 1 })} />
            {it.state !== 'done' && (
              <span className="photo-state">
                {it.state === 'compressing' ? t('report.photoCompressing') : it.state === 'uploading' ? t('report.photoUploading') : t('report.photoFailed')}
              </span>
            )}
            <button type="button" className="photo-remove" aria-label={t('report.photoRemove', { n: i + 1 })} onClick={() => remove(it.key)}>
              ×
            </button>
            {it.state === 'error' && it.blob && (
              <button type="button" className="photo-retry" onClick={() => void upload(it.key, it.blob!)}>
                {t('report.photoRetry')}
              </button>
            )}
          </li>
        ))}
        {!full && (
          <li className="photo photo-add">
            <button type="button" data-testid="add-photo" onClick={() => input.current?.click()}>
              <span aria-hidden="true">＋</span>
              {t('report.addPhoto')}
            </button>
          </li>
        )}
      </ul>
      <input
        ref={input}
        type="file"
        accept="image/*"
        multiple
        hidden
        data-testid="photo-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          void add(files);
        }}
      />
      {[note, ...items.filter((i) => i.error).map((i) => i.error)].filter(Boolean).map((m, i) => (
        <p key={i} className="error" role="alert">
          {m}
        </p>
      ))}
    </div>
  );
}
