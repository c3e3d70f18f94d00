import { App, Input, Modal } from 'antd';
import { useState } from 'react';

/**
 * Approve or reject something pending with an optional note (grants, account resets):
 * which item is being decided, the note, the busy flag, and the call with its messages.
 */
export function useDecision<T>(opts: {
  approve: (item: T, note: string | undefined) => Promise<unknown>;
  reject: (item: T, note: string | undefined) => Promise<unknown>;
  messages: { approved: string; rejected: string };
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [deciding, setDeciding] = useState<{ item: T; approve: boolean } | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const open = (item: T, approve: boolean) => {
    setNote('');
    setDeciding({ item, approve });
  };
  const decide = async () => {
    if (!deciding) return;
    setBusy(true);
    try {
      const n = note.trim() || undefined;
      await (deciding.approve ? opts.approve(deciding.item, n) : opts.reject(deciding.item, n));
      void message.success(deciding.approve ? opts.messages.approved : opts.messages.rejected);
      setDeciding(null);
      opts.onDone();
    } catch (err) {
      void message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { deciding, open, close: () => setDeciding(null), note, setNote, busy, decide };
}

/** The confirmation dialog of a decision, with its note field. */
export function DecisionModal<T>({
  decision,
  title,
  approveText,
  rejectText,
  notePlaceholder,
  noteTestId,
}: {
  decision: ReturnType<typeof useDecision<T>>;
  title: string | null;
  approveText: string;
  rejectText: string;
  notePlaceholder: string;
  noteTestId: string;
}) {
  const d = decision;
  return (
    <Modal
      open={d.deciding !== null}
      title={title}
      okText={d.deciding?.approve ? approveText : rejectText}
      okButtonProps={{ danger: d.deciding?.approve === false }}
      confirmLoading={d.busy}
      onOk={d.decide}
      onCancel={d.close}
    >
      <Input.TextArea rows={3} maxLength={200} showCount value={d.note} onChange={(e) => d.setNote(e.target.value)} placeholder={notePlaceholder} data-testid={noteTestId} />
    </Modal>
  );
}
