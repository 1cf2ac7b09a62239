/** The names of the audit log's actions and detail keys, for the page and the export (zh first). */
import type { AuditAction, AuditFamily } from '../core/audit';
import type { Text } from '../core/model';

export const AUDIT_ACTION_NAMES: Readonly<Record<AuditAction, Text>> = {
	'ticket.issue': { zh: '取号', en: 'Ticket issued' },
	'ticket.reprint': { zh: '补打号票', en: 'Ticket reprinted' },
	'ticket.call': { zh: '叫号', en: 'Called' },
	'ticket.callSpecific': { zh: '指定叫号', en: 'Called out of order' },
	'ticket.recall': { zh: '重呼', en: 'Recalled' },
	'ticket.start': { zh: '开始办理', en: 'Service started' },
	'ticket.finish': { zh: '办结', en: 'Finished' },
	'ticket.noShow': { zh: '过号', en: 'No-show' },
	'ticket.requeue': { zh: '过号重排', en: 'Queued again' },
	'ticket.reactivate': { zh: '过号激活', en: 'Reactivated' },
	'ticket.park': { zh: '挂起', en: 'Parked' },
	'ticket.callBack': { zh: '挂起回呼', en: 'Called back' },
	'ticket.transfer': { zh: '转办', en: 'Transferred' },
	'ticket.move': { zh: '值班长调号', en: 'Moved by a supervisor' },
	'ticket.cancel': { zh: '取消号票', en: 'Cancelled' },
	'ticket.rate': { zh: '评价', en: 'Rated' },
	'counter.open': { zh: '开窗', en: 'Counter opened' },
	'counter.pause': { zh: '暂停', en: 'Counter paused' },
	'counter.resume': { zh: '恢复', en: 'Counter resumed' },
	'counter.close': { zh: '关窗', en: 'Counter closed' },
	'counter.closeFor': { zh: '代为关窗', en: 'Counter closed for its clerk' },
	'day.close': { zh: '日结', en: 'Day closed' },
	'config.apply': { zh: '配置版本生效', en: 'Configuration version in force' },
	'alert.raise': { zh: '告警', en: 'Alert raised' },
	'alert.escalate': { zh: '告警升级', en: 'Alert escalated' },
	'alert.acknowledge': { zh: '告警确认', en: 'Alert acknowledged' },
	'alert.clear': { zh: '告警解除', en: 'Alert cleared' },
	'auth.signIn': { zh: '登录', en: 'Signed in' },
	'auth.signInFailed': { zh: '登录失败', en: 'Sign-in failed' },
	'auth.locked': { zh: '账号锁定', en: 'Account locked' },
	'auth.passwordChange': { zh: '修改密码', en: 'Password changed' },
	'auth.passwordReset': { zh: '重置密码', en: 'Password reset' },
	'auth.unlock': { zh: '解除锁定', en: 'Account unlocked' },
	'auth.signOutEverywhere': { zh: '全部下线', en: 'Signed out everywhere' },
	'device.revoke': { zh: '吊销设备令牌', en: 'Device token revoked' },
	'device.restore': { zh: '恢复设备令牌', en: 'Device token restored' },
	'device.tokenIssued': { zh: '签发设备令牌', en: 'Device token issued' },
	'device.refused': { zh: '拒绝已吊销设备', en: 'Revoked device refused' },
	'config.change': { zh: '大厅配置变更', en: 'Hall configuration changed' }
};

export const AUDIT_FAMILY_NAMES: Readonly<Record<AuditFamily, Text>> = {
	ticket: { zh: '号票', en: 'Tickets' },
	counter: { zh: '窗口', en: 'Counters' },
	day: { zh: '日结', en: 'Day close' },
	alert: { zh: '告警', en: 'Alerts' },
	auth: { zh: '账号与登录', en: 'Accounts and sign-in' },
	device: { zh: '设备', en: 'Devices' },
	config: { zh: '配置', en: 'Configuration' }
};
