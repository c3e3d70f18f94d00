import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { homeOf } from '../auth/paths';
import { useLang } from '../i18n';

export function NotFound() {
  const { t } = useLang();
  const { me } = useAuth();
  const home = (me && homeOf(me)) ?? '/';
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={
        <Link to={home}>
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
