/**
 * A configuration problem in Chinese, for the admin pages: zod's own messages come from its zh-CN
 * locale; the hall schema's own messages (server/config/schema.ts) are translated here, each by
 * its English pattern. A message without a pattern stays as it is (a test lists them all).
 */
import { z } from 'zod';

const NAMES: Readonly<Record<string, string>> = {
	'zone id': '区域编号',
	'department id': '部门编号',
	'service code': '事项编码',
	'counter id': '窗口编号',
	'counter number': '窗口号',
	'staff id': '人员编号',
	'device id': '设备编号',
	'device token': '设备令牌'
};

const PATTERNS: readonly [RegExp, (...groups: string[]) => string][] = [
	[/^a date "YYYY-MM-DD"$/, () => '应为日期，格式 YYYY-MM-DD'],
	[/^not a date of the calendar$/, () => '日历上没有这一天'],
	[/^letters, digits, "-" or "_", at most 40$/, () => '只能用字母、数字、“-”或“_”，最多 40 个字符'],
	[/^a time "HH:MM"$/, () => '应为时间，格式 HH:MM'],
	[/^"from" must be before "to"$/, () => '开始时间（from）应早于结束时间（to）'],
	[/^one to three capital letters$/, () => '应为一至三个大写字母'],
	[/^a scrypt hash "scrypt\$N\$r\$p\$salt\$hash"$/, () => '应为 scrypt 密码哈希（scrypt$N$r$p$salt$hash）'],
	[/^sha256 hex of the token$/, () => '应为令牌的 sha256（64 位十六进制）'],
	[/^a host name or IP address$/, () => '应为主机名或 IP 地址'],
	[/^an IANA time zone such as "Asia\/Shanghai"$/, () => '应为 IANA 时区，如 “Asia/Shanghai”'],
	[/^(.+) both a holiday and a workday$/, (d) => `${d} 既是节假日又是调休工作日`],
	[/^(\S+) is a weekday: a make-up workday is a Saturday or Sunday$/, (d) => `${d} 是工作日：调休上班日应为周六或周日`],
	[/^the weights add up to 100$/, () => '各项权重之和应为 100'],
	[/^(.+) "(.*)" appears more than once$/, (name, v) => `${NAMES[name] ?? name}“${v}”重复出现`],
	[/^unknown service "(.*)"$/, (v) => `没有事项“${v}”`],
	[/^unknown zone "(.*)"$/, (v) => `没有区域“${v}”`],
	[/^unknown department "(.*)"$/, (v) => `没有部门“${v}”`],
	[/^unknown counter "(.*)"$/, (v) => `没有窗口“${v}”`],
	[/^unknown kiosk "(.*)"$/, (v) => `没有取号机“${v}”`],
	[/^service "(.*)" listed twice$/, (v) => `事项“${v}”列了两次`],
	[/^a pause reason code, such as break or meeting$/, () => '应为暂停原因代码，如 break 或 meeting'],
	[/^a hall cannot be its own parent$/, () => '大厅的上级不能是它自己'],
	[/^only a supervisor or admin sees the network$/, () => '只有主管或管理员可以查看整个网络'],
	[/^a display needs a board kind$/, () => '显示屏需要指定屏幕类型（board）'],
	[/^a zone board needs a zone$/, () => '区域屏需要指定区域'],
	[/^a counter board needs a counter$/, () => '窗口屏需要指定窗口'],
	[/^an evaluation terminal belongs to a counter$/, () => '评价器需要指定所属窗口'],
	[/^only a display has a board kind$/, () => '只有显示屏才有屏幕类型（board）'],
	[/^only a kiosk has a ticket printer$/, () => '只有取号机才有票据打印机'],
	[/^an agent belongs to a kiosk$/, () => '代理程序需要指定所属取号机'],
	[/^only an agent belongs to a kiosk$/, () => '只有代理程序才属于取号机'],
	[/^kiosk (.+) prints through its agent, but no agent belongs to it$/, (k) => `取号机 ${k} 通过代理程序打印，但没有代理程序属于它`],
	[/^no counter serves "(.*)"$/, (v) => `没有窗口办理事项“${v}”`],
	[/^a hall file holds no secret: .*$/, () => '大厅配置文件不能包含密钥：请删除，并通过 HALLQ_SECRETS_FILE 或 HALLQ_MASTER_KEYS 提供部署密钥（见 docs/security.md）'],
	[/^invalid JSON: (.*)$/, (m) => `不是有效的 JSON：${m}`],
	[/^say why the configuration changes$/, () => '请说明修改原因'],
	[/^the configuration is of hall "(.*)", not "(.*)": a hall's id cannot change$/, (a, b) => `这是大厅“${a}”的配置，不是“${b}”的：大厅编号不能更改`]
];

/** The schema's message in Chinese, or null when no pattern knows it. */
export function schemaMessageInChinese(message: string): string | null {
	for (const [pattern, zh] of PATTERNS) {
		const m = pattern.exec(message);
		if (m) return zh(...m.slice(1));
	}
	return null;
}

/** zod's own messages in Chinese (its zh-CN locale); the schema's messages are kept for `schemaMessageInChinese`. */
export const ZOD_ZH_CN = z.locales.zhCN().localeError;
