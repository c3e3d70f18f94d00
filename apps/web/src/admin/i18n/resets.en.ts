import type { Widen } from './zh-CN';
import type { resetsZh } from './resets.zh';

/** English strings of the approval of administrator account resets (keys follow resets.zh.ts). */
export const resetsEn: Widen<typeof resetsZh> = {
  resets: {
    submitted: 'Submitted; another security administrator must approve it',
    title: 'Account resets awaiting approval',
    hint: 'Separation of duties: a password or 2-step verification reset of an administrator account takes effect only once a security administrator other than the requester approves it; rejecting discards it.',
    noPending: 'No account resets are waiting',
    account: 'Account',
    kind: 'Reset',
    kinds: { password: 'Password reset', mfa: '2-step verification reset' },
    reason: 'Reason',
    requestedBy: 'Requested by',
    approve: 'Approve',
    reject: 'Reject',
    approveTitle: 'Approve the {{kind}} of {{name}}? It takes effect at once and signs the account out everywhere.',
    rejectTitle: 'Reject the {{kind}} of {{name}}?',
    approvedOk: 'Approved; the reset is in effect',
    rejectedOk: 'Rejected; the reset is discarded',
    waitingOther: 'Awaiting another approver',
    notePlaceholder: 'Note (optional)',
  },
};
