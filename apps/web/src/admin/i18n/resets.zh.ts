/** Chinese strings of the approval of administrator account resets (三权分立). */
export const resetsZh = {
  resets: {
    submitted: '已提交，等待另一名安全管理员审批',
    title: '待审批的账号重置',
    hint: '三权分立：重置管理员账号的密码或两步验证，须由申请人以外的另一名安全管理员批准后才生效；驳回即作废。',
    noPending: '没有待审批的账号重置',
    account: '账号',
    kind: '重置内容',
    kinds: { password: '重置密码', mfa: '重置两步验证' },
    reason: '理由',
    requestedBy: '申请人',
    approve: '批准',
    reject: '驳回',
    approveTitle: '批准对 {{name}} 的{{kind}}？批准后立即生效，该账号的所有会话将退出。',
    rejectTitle: '驳回对 {{name}} 的{{kind}}？',
    approvedOk: '已批准，重置已生效',
    rejectedOk: '已驳回，重置已作废',
    waitingOther: '待他人审批',
    notePlaceholder: '审批意见（可选）',
  },
};
