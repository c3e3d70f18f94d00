import { Image } from 'antd';
import { casesApi } from '../../api/cases';

/** Thumbnails that open a full-size preview (photos are served to whoever may read the case). */
export function PhotoStrip({ ids, size = 88 }: { ids: string[]; size?: number }) {
  if (!ids.length) return null;
  return (
    <div className="gz-photos" data-testid="photo-strip">
      <Image.PreviewGroup>
        {ids.map((id) => (
          <Image key={id} src={casesApi.photoUrl(id)} width={size} height={size} style={{ objectFit: 'cover', borderRadius: 4 }} data-photo={id} />
        ))}
      </Image.PreviewGroup>
    </div>
  );
}
