import { Alert, Tree } from 'antd';
import type { TreeDataNode } from 'antd';
import type { UnitDetail, UnitRef, UnitSummary } from '@gongzhi/contracts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/jurisdictions';
import { useLang } from '../i18n';

type Props = {
  root: UnitDetail;
  /** The selected unit: the tree expands down to it, loading levels as needed. */
  selected: UnitDetail | undefined;
  onSelect: (code: string) => void;
};

export function JurisdictionTree({ root, selected, onSelect }: Props) {
  const { t } = useLang();
  const [children, setChildren] = useState<Record<string, UnitSummary[]>>({});
  const [expanded, setExpanded] = useState<string[]>([root.code]);
  const [error, setError] = useState<string>();
  const loaded = useRef(children);
  loaded.current = children;
  const box = useRef<HTMLDivElement>(null);

  const load = useCallback(async (code: string) => {
    if (loaded.current[code]) return;
    try {
      const { items } = await api.children(code);
      setChildren((prev) => ({ ...prev, [code]: items }));
      setError(undefined);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);

  // Load the chain of ancestors one level at a time, then open it, so a unit picked on the map
  // or in the search box also shows where it sits in the tree.
  useEffect(() => {
    if (!selected) return;
    let cancelled = false;
    const chain = [...selected.ancestors, selected as UnitRef]
      .filter((u) => u.code.length >= root.code.length)
      .sort((a, b) => a.code.length - b.code.length)
      .map((u) => u.code);
    const path = chain.slice(0, -1);
    void (async () => {
      for (const code of path) await load(code);
      if (cancelled) return;
      setExpanded((prev) => Array.from(new Set([...prev, ...path])));
      requestAnimationFrame(() => {
        box.current?.querySelector(`[data-code="${selected.code}"]`)?.scrollIntoView({ block: 'nearest' });
      });
    })();
    return () => {
      cancelled = true;
    };
  }, [selected, root.code, load]);

  const treeData = useMemo(() => {
    const build = (u: UnitSummary): TreeDataNode => ({
      key: u.code,
      title: (
        <span data-code={u.code} title={u.code}>
          {u.name}
        </span>
      ),
      isLeaf: u.childCount === 0,
      children: children[u.code]?.map(build),
    });
    // The district's detail has no childCount; it always has subdistricts.
    return [build({ code: root.code, name: root.name, level: root.level, childCount: 1 })];
  }, [root, children]);

  return (
    <div ref={box} data-testid="jurisdiction-tree" aria-label={t('jurisdiction.tree')}>
      {error && <Alert type="error" showIcon title={t('common.loadFailed')} description={error} style={{ marginBottom: 8 }} />}
      <Tree
        blockNode
        treeData={treeData}
        expandedKeys={expanded}
        onExpand={(keys) => setExpanded(keys as string[])}
        selectedKeys={selected ? [selected.code] : []}
        loadData={(node) => load(String(node.key))}
        onSelect={(keys, info) => {
          // Re-clicking the selected node deselects it in antd; keep the unit selected instead.
          onSelect(String(keys[0] ?? info.node.key));
        }}
      />
    </div>
  );
}
