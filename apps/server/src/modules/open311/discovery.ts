import type { Lang } from '../../http/lang.js';

/** When this interface last changed in a way clients should notice (the discovery `changeset`). */
const changeset = '2025-11-28T00:00:00+08:00';

/** The Service Discovery document for this endpoint. */
export function discovery(baseUrl: string, lang: Lang) {
  const en = lang === 'en';
  return {
    changeset,
    contact: en ? 'District city operations centre (城运中心), or the 12345 citizen hotline' : '区城市运行管理中心（城运中心）或 12345 市民服务热线',
    key_service: en
      ? 'API keys (scope "open311") are issued by the district office in the Gongzhi console'
      : 'API 密钥（权限范围 open311）由区地区办在共治管理后台发放',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}/open311/v2`,
        changeset,
        type: 'production' as const,
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}
