import type { Case } from '@gongzhi/contracts';
import { ExportOutlined } from '@ant-design/icons';
import { Drawer } from 'antd';
import { Link } from 'react-router';
import { useLang } from '../../i18n';
import { CaseDetail } from './CaseDetail';

/** The case detail over a list (workbench, inbox): Esc closes it and the list keeps its place. */
export function CaseDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged?: (c: Case) => void }) {
  const { t } = useLang();
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={1040}
      destroyOnHidden
      title={t('caseDetail.drawerTitle')}
      extra={
        id && (
          <Link to={`/cases/${id}`} target="_blank">
            <ExportOutlined /> {t('caseDetail.openPage')}
          </Link>
        )
      }
      styles={{ body: { padding: 12, background: '#f5f7fa' } }}
      data-testid="case-drawer"
    >
      {id && <CaseDetail key={id} id={id} onChanged={onChanged} />}
    </Drawer>
  );
}
