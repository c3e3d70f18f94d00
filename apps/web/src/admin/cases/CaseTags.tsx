import { ClockCircleOutlined, PauseCircleOutlined, WarningOutlined } from '@ant-design/icons';
import type { CaseStatus } from '@gongzhi/contracts';
import { caseStatusNames } from '@gongzhi/contracts/case-workflow';
import { Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { formatTime } from '../common/format';
import { useLang } from '../i18n';
import { type DeadlineInput, deadlineBadge, spanParts } from './deadlines';
import type { QueueReason } from './workbench/queue';
import './cases.css';

const statusColor: Record<CaseStatus, string> = {
  received: 'blue',
  dispatched: 'geekblue',
  signed: 'cyan',
  in_progress: 'processing',
  resolved: 'green',
  verified: 'green',
  followed_up: 'green',
  closed: 'default',
  returned: 'orange',
  merged: 'default',
  cancelled: 'default',
};

export function StatusTag({ status }: { status: CaseStatus }) {
  const { pick } = useLang();
  return (
    <Tag color={statusColor[status]} data-status={status} className="gz-status-tag">
      {pick(caseStatusNames[status])}
    </Tag>
  );
}

/** The current time, refreshed every `everyMs`, so badges turn red without a reload. */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

const toneColor = { red: 'red', yellow: 'gold', ok: 'green', paused: 'default', none: 'default' } as const;

/** Yellow/red deadline badge with the time left (or overdue by) and the exact deadline on hover. */
export function DeadlineBadge({ c, now, compact }: { c: DeadlineInput & { deadlines: { calendarKnown?: boolean } }; now: number; compact?: boolean }) {
  const { t, lang } = useLang();
  const b = deadlineBadge(c, now);
  if (b.tone === 'none') return compact ? null : <span className="gz-muted">—</span>;
  if (b.tone === 'paused') {
    return (
      <Tooltip title={t('caseUi.deadline.pausedTip')}>
        <Tag icon={<PauseCircleOutlined />} data-tone="paused" className="gz-deadline">
          {t('caseUi.deadline.paused')}
        </Tag>
      </Tooltip>
    );
  }
  const span = b.leftMs === null ? null : spanParts(b.leftMs);
  const spanText = span ? (span.days ? t('caseUi.deadline.days', span) : t('caseUi.deadline.hours', span)) : '';
  const what =
    b.tone === 'red'
      ? b.clock === 'followUp'
        ? t('caseUi.deadline.followUpLate', { span: spanText })
        : t('caseUi.deadline.overdue', { span: spanText })
      : b.clock === 'sign'
        ? t('caseUi.deadline.signLate', { span: spanText })
        : b.tone === 'yellow'
          ? t('caseUi.deadline.warning', { span: spanText })
          : b.clock === 'followUp'
            ? t('caseUi.deadline.followUpLeft', { span: spanText })
            : t('caseUi.deadline.left', { span: spanText });
  const tip = `${t(`caseUi.deadline.clock.${b.clock ?? 'handle'}`)} ${formatTime(b.dueAt, lang)}${c.deadlines.calendarKnown === false ? ` · ${t('caseUi.deadline.calendarUnknown')}` : ''}`;
  return (
    <Tooltip title={tip}>
      <Tag color={toneColor[b.tone]} icon={b.tone === 'ok' ? <ClockCircleOutlined /> : <WarningOutlined />} data-tone={b.tone} className="gz-deadline">
        {what}
      </Tag>
    </Tooltip>
  );
}

type FlagSource = {
  urgent: boolean;
  flags: { supervised: boolean; escalationLevel: number; extensionRequested: boolean; reopenCount: number };
  duplicateOfId?: string | null;
  duplicateOf?: { id: string } | null;
};

/** 紧急 / 督办 / 延期待批 / 重办 / 疑似重复 markers. */
export function FlagTags({ c }: { c: FlagSource }) {
  const { t } = useLang();
  const dup = c.duplicateOfId ?? c.duplicateOf?.id ?? null;
  return (
    <span className="gz-tags">
      {c.urgent && <Tag color="red">{t('caseUi.flag.urgent')}</Tag>}
      {c.flags.supervised && (
        <Tag color="volcano" data-flag="supervised">
          {c.flags.escalationLevel > 0 ? t('caseUi.flag.escalated', { level: c.flags.escalationLevel }) : t('caseUi.flag.supervised')}
        </Tag>
      )}
      {c.flags.extensionRequested && (
        <Tag color="purple" data-flag="extension">
          {t('caseUi.flag.extension')}
        </Tag>
      )}
      {c.flags.reopenCount > 0 && <Tag color="magenta">{t('caseUi.flag.reopened', { count: c.flags.reopenCount })}</Tag>}
      {dup && (
        <Tag color="orange" data-flag="duplicate">
          {t('caseUi.flag.duplicate')}
        </Tag>
      )}
    </span>
  );
}

const reasonColor: Record<QueueReason, string> = { new: 'blue', returned: 'orange', overdue: 'red', supervised: 'volcano', extension: 'purple', duplicate: 'gold' };

export function ReasonTag({ reason }: { reason: QueueReason }) {
  const { t } = useLang();
  return (
    <Tag color={reasonColor[reason]} bordered={false} data-reason={reason}>
      {t(`workbench.reason.${reason}`)}
    </Tag>
  );
}
