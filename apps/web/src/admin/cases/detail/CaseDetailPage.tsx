import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useLang } from '../../i18n';
import { CaseDetail } from './CaseDetail';

/** /admin/cases/:id — one case on its own page (a link to it can be shared with colleagues in scope). */
export function CaseDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { t } = useLang();
  return (
    <div className="gz-case-page">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/cases'))} className="gz-back">
        {t('caseDetail.back')}
      </Button>
      <CaseDetail key={id} id={id} />
    </div>
  );
}
