/** Masked forms shown to people. The clear values never leave the kiosk agent and the server's memory. */

/** "张三" → "张*", "欧阳娜娜" → "欧阳**" (a compound surname is kept whole), "Li Lei" → "L*****". */
export function maskName(name: string): string {
	const chars = Array.from(name.trim());
	if (chars.length === 0) return '';
	const keep = chars.length >= 3 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
	return chars.slice(0, keep).join('') + '*'.repeat(Math.max(1, chars.length - keep));
}

/** "310101199001011234" → "3101**********1234" */
export function maskIdNumber(id: string): string {
	const s = id.trim();
	if (s.length <= 8) return '*'.repeat(s.length);
	return s.slice(0, 4) + '*'.repeat(s.length - 8) + s.slice(-4);
}

const COMPOUND_SURNAMES = new Set([
	'欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙',
	'宇文', '司徒', '夏侯', '轩辕', '令狐', '端木', '独孤', '南宫', '西门', '百里'
]);
