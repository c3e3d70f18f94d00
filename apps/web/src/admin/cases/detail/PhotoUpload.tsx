import { PlusOutlined } from '@ant-design/icons';
import { App, Upload } from 'antd';
import type { UploadFile, UploadProps } from 'antd';
import { useState } from 'react';
import { casesApi } from '../../api/cases';
import { useLang } from '../../i18n';

const MAX = 6;
const ACCEPT = 'image/jpeg,image/png,image/webp';

/**
 * On-site photos for an action: each file is uploaded at once (POST /api/cases/photos) and the
 * action then carries the ids. `onChange` receives the ids of the uploads that succeeded.
 */
export function PhotoUpload({ onChange, onBusy }: { onChange: (ids: string[]) => void; onBusy?: (busy: boolean) => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);

  const update = (next: UploadFile[]) => {
    setFiles(next);
    onChange(next.filter((f) => f.status === 'done' && f.response?.id).map((f) => f.response.id as string));
    onBusy?.(next.some((f) => f.status === 'uploading'));
  };

  const customRequest: UploadProps['customRequest'] = ({ file, onSuccess, onError }) => {
    casesApi.uploadPhoto(file as File).then(
      (r) => onSuccess?.(r),
      (err: Error) => {
        void message.error(t('caseDetail.photoFailed', { message: err.message }));
        onError?.(err);
      },
    );
  };

  return (
    <Upload
      listType="picture-card"
      accept={ACCEPT}
      multiple
      maxCount={MAX}
      fileList={files}
      customRequest={customRequest}
      onChange={({ fileList }) => update(fileList.filter((f) => f.status !== 'error'))}
      data-testid="photo-upload"
    >
      {files.length < MAX && (
        <button type="button" className="gz-upload-btn">
          <PlusOutlined />
          <div>{t('caseDetail.addPhoto')}</div>
        </button>
      )}
    </Upload>
  );
}
