import type { CaseCategoryTree } from '@gongzhi/contracts';
import { useEffect, useState } from 'react';
import { gridCasesApi } from '../../api/grid-cases';
import { offlineCache } from '../queue/idb';

export type CategoryOption = { code: string; name: string; nameEn: string; parentName: string; parentNameEn: string };

/** The categories a patrol most often reports, as one-tap picks (shown when active on the server). */
export const QUICK_CODES = ['B0101', 'A0203', 'B0102', 'B0203', 'B0201', 'B0202', 'A0101', 'A0102', 'B0701'];

// Names of the quick picks for a first use without network (the server's list replaces them).
const builtIn: CategoryOption[] = [
  ['B0101', '暴露垃圾', 'Exposed rubbish', '市容环境', 'City appearance'],
  ['A0203', '共享单车乱停放', 'Badly parked shared bikes', '道路交通设施', 'Road and traffic facilities'],
  ['B0102', '乱张贴乱涂写', 'Illegal posters and graffiti', '市容环境', 'City appearance'],
  ['B0203', '违规停车', 'Illegal parking', '街面秩序', 'Street order'],
  ['B0201', '无证摊贩', 'Unlicensed street stall', '街面秩序', 'Street order'],
  ['B0202', '跨门营业', 'Business spilling onto the pavement', '街面秩序', 'Street order'],
  ['A0101', '窨井盖缺失破损', 'Missing or broken manhole cover', '公用设施', 'Public utilities'],
  ['A0102', '路灯损坏', 'Broken street light', '公用设施', 'Public utilities'],
  ['B0701', '电动车违规充电', 'Unsafe e-bike charging', '安全隐患', 'Safety hazards'],
].map(([code, name, nameEn, parentName, parentNameEn]) => ({ code: code!, name: name!, nameEn: nameEn!, parentName: parentName!, parentNameEn: parentNameEn! }));

function flatten(tree: CaseCategoryTree): CategoryOption[] {
  return tree.items.flatMap((p) =>
    p.active ? p.children.filter((c) => c.active).map((c) => ({ code: c.code, name: c.name, nameEn: c.nameEn, parentName: p.name, parentNameEn: p.nameEn })) : [],
  );
}

/** Second-level categories (what a case is filed under), cached for offline use. */
export function useCategories(): CategoryOption[] {
  const [options, setOptions] = useState<CategoryOption[]>(builtIn);
  useEffect(() => {
    const ctrl = new AbortController();
    let fresh = false;
    void offlineCache.get<CategoryOption[]>('categories').then((c) => c?.length && !fresh && !ctrl.signal.aborted && setOptions(c));
    gridCasesApi.categories(ctrl.signal).then(
      (tree) => {
        const list = flatten(tree);
        if (!list.length) return;
        fresh = true;
        setOptions(list);
        void offlineCache.set('categories', list);
      },
      () => undefined,
    );
    return () => ctrl.abort();
  }, []);
  return options;
}
