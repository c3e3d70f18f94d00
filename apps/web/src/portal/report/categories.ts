import type { CaseCategoryTree } from '@gongzhi/contracts';
import { useEffect, useState } from 'react';
import { api } from '../api';

export type CategoryNode = CaseCategoryTree['items'][number];

let cache: Promise<CategoryNode[]> | null = null;

/** The active category tree (public), fetched once per page load. */
export function loadCategories(): Promise<CategoryNode[]> {
  cache ??= api<CaseCategoryTree>('/api/case-categories')
    .then((t) => t.items.filter((g) => g.active).map((g) => ({ ...g, children: g.children.filter((c) => c.active) })))
    .catch((err) => {
      cache = null;
      throw err;
    });
  return cache;
}

export function useCategories(): CategoryNode[] | null {
  const [items, setItems] = useState<CategoryNode[] | null>(null);
  useEffect(() => {
    let live = true;
    loadCategories()
      .then((c) => live && setItems(c))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, []);
  return items;
}

/** A category's name in the current language ("组 · 名" for a second-level one). */
export function categoryLabel(tree: CategoryNode[] | null, code: string, en: boolean): string | null {
  for (const g of tree ?? []) {
    const gName = en && g.nameEn ? g.nameEn : g.name;
    if (g.code === code) return gName;
    const c = g.children.find((x) => x.code === code);
    if (c) return en && c.nameEn ? c.nameEn : c.name;
  }
  return null;
}
