import type { Text } from '$contract';

const t = (zh: string, en: string): Text => ({ zh, en });

/** Texts of the account menu and the password dialog, zh-CN first. */
export const A = {
	account: t('账户', 'Account'),
	changePassword: t('修改密码', 'Change password'),
	signOutEverywhere: t('退出所有设备', 'Sign out everywhere'),
	signOutEverywhereText: t('将结束您在所有电脑上的登录（包括本机）。', 'This ends your sessions on every computer, this one included.'),
	current: t('当前密码', 'Current password'),
	next: t('新密码', 'New password'),
	again: t('再次输入新密码', 'New password again'),
	policy: t('至少10个字符，不能与工号相同。修改后其他设备上的登录将失效。', 'At least 10 characters, not your staff ID. Your other sessions end.'),
	mismatch: t('两次输入的新密码不一致', 'The two new passwords differ'),
	save: t('保存', 'Save'),
	changed: t('密码已修改', 'Password changed')
} satisfies Record<string, Text>;
