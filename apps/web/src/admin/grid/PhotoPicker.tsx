import { CameraOutlined, CloseOutlined, LoadingOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLang } from '../i18n';
import { compressPhoto, MAX_PHOTOS } from './photos';

/** A photo in a form: compressed bytes, and its server id once uploaded. */
export type PickedPhoto = { localId: string; bytes: ArrayBuffer | null; type: string; uploadedId: string | null };

type Props = { value: PickedPhoto[]; onChange: (next: PickedPhoto[]) => void; testId: string; disabled?: boolean };

/** Thumbnails with remove buttons and a camera/gallery button; pictures are compressed on picking. */
export function PhotoPicker({ value, onChange, testId, disabled }: Props) {
  const { t } = useLang();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(0);
  const current = useRef(value);
  current.current = value;

  // Object URLs for the previews, released when a photo leaves the form.
  const urls = useMemo(() => new Map(value.filter((p) => p.bytes).map((p) => [p.localId, URL.createObjectURL(new Blob([p.bytes!], { type: p.type }))])), [value]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);

  const pick = async (files: FileList | null) => {
    if (!files?.length) return;
    const room = MAX_PHOTOS - current.current.length;
    const chosen = [...files].slice(0, Math.max(0, room));
    if (files.length > room) message.warning(t('grid.patrol.tooMany', { max: MAX_PHOTOS }));
    setBusy((n) => n + chosen.length);
    for (const f of chosen) {
      try {
        const c = await compressPhoto(f);
        onChange([...current.current, { localId: c.localId, bytes: c.bytes, type: c.type, uploadedId: null }]);
      } catch {
        message.error(t('grid.patrol.photoFailed'));
      } finally {
        setBusy((n) => n - 1);
      }
    }
  };

  return (
    <div className="gz-photos" data-testid={testId}>
      {value.map((p, i) => (
        <div key={p.localId} className="gz-photo" data-testid="photo-thumb">
          {urls.get(p.localId) ? <img src={urls.get(p.localId)} alt={`${i + 1}`} /> : <span className="gz-photo-sent">✓</span>}
          {!disabled && (
            <button type="button" className="gz-photo-remove" aria-label={t('grid.patrol.removePhoto')} onClick={() => onChange(value.filter((x) => x.localId !== p.localId))}>
              <CloseOutlined />
            </button>
          )}
        </div>
      ))}
      {busy > 0 && (
        <div className="gz-photo gz-photo-busy" aria-live="polite" title={t('grid.patrol.compressing')}>
          <LoadingOutlined />
        </div>
      )}
      {value.length + busy < MAX_PHOTOS && !disabled && (
        <Button className="gz-photo-add" icon={<CameraOutlined />} onClick={() => input.current?.click()} data-testid={`${testId}-add`}>
          {t('grid.patrol.addPhoto')}
        </Button>
      )}
      <input
        ref={input}
        type="file"
        accept="image/*"
        multiple
        style={{ display: 'none' }}
        data-testid={`${testId}-input`}
        onChange={(e) => {
          void pick(e.target.files);
          e.target.value = '';
        }}
      />
    </div>
  );
}
