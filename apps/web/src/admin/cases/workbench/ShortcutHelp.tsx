import { Modal } from 'antd';
import { useLang } from '../../i18n';
import { workbenchKeys } from '../keyboard';

/** The keyboard map, read from the same table the key handler uses. */
export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useLang();
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('workbench.keysTitle')} width={460} data-testid="shortcut-help">
      <table className="gz-keys">
        <tbody>
          {workbenchKeys.map((k) => (
            <tr key={k.command}>
              <td>
                {k.label.map((l) => (
                  <kbd key={l} className="gz-kbd">
                    {l}
                  </kbd>
                ))}
              </td>
              <td>{t(`workbench.keys.${k.command}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}

/** The few keys a dispatcher needs most, under the queue. */
export function ShortcutBar({ onHelp }: { onHelp: () => void }) {
  const { t } = useLang();
  const shown = ['next', 'prev', 'open', 'dispatch', 'merge', 'select', 'help'] as const;
  return (
    <div className="gz-keybar" data-testid="shortcut-bar">
      {shown.map((c) => {
        const k = workbenchKeys.find((x) => x.command === c)!;
        return (
          <span key={c} className="gz-keybar-item" onClick={c === 'help' ? onHelp : undefined}>
            <kbd className="gz-kbd">{k.label[0]}</kbd>
            {t(`workbench.keys.${c}`)}
          </span>
        );
      })}
    </div>
  );
}
